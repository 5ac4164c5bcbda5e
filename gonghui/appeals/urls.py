from django.urls import path

from .views import desk, portal

app_name = "appeals"

urlpatterns = [
    # console: the case desk
    path("", desk.appeal_list, name="appeal_list"),
    path("new/", desk.appeal_create, name="appeal_create"),
    path("overdue/", desk.appeal_overdue_board, name="appeal_overdue_board"),
    path("stats/", desk.appeal_stats_view, name="appeal_stats"),
    path("categories/", desk.category_list_view, name="category_list"),
    path("categories/new/", desk.category_edit, name="category_create"),
    path("categories/<int:pk>/", desk.category_edit, name="category_edit"),
    path("designations/", desk.designation_list, name="designation_list"),
    path("designations/<int:pk>/delete/", desk.designation_delete, name="designation_delete"),
    path("<uuid:public_id>/", desk.appeal_detail, name="appeal_detail"),
    path("<uuid:public_id>/act/<slug:action>/", desk.appeal_act, name="appeal_act"),
    path("<uuid:public_id>/reveal/", desk.appeal_reveal, name="appeal_reveal"),
    # member portal
    path("portal/", portal.portal_list, name="portal_list"),
    path("portal/new/", portal.portal_new, name="portal_new"),
    path("portal/<uuid:public_id>/", portal.portal_detail, name="portal_detail"),
    path("portal/<uuid:public_id>/rate/", portal.portal_rate, name="portal_rate"),
    path("portal/<uuid:public_id>/reopen/", portal.portal_reopen, name="portal_reopen"),
    path("portal/<uuid:public_id>/supply/", portal.portal_supply, name="portal_supply"),
]
