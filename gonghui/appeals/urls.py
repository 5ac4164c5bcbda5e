from django.urls import path

from . import views, views_portal

app_name = "appeals"

urlpatterns = [
    # console: the case desk
    path("", views.appeal_list, name="appeal_list"),
    path("new/", views.appeal_create, name="appeal_create"),
    path("overdue/", views.appeal_overdue_board, name="appeal_overdue_board"),
    path("stats/", views.appeal_stats_view, name="appeal_stats"),
    path("stats/export/", views.appeal_stats_export, name="appeal_stats_export"),
    path("categories/", views.category_list_view, name="category_list"),
    path("categories/new/", views.category_edit, name="category_create"),
    path("categories/<int:pk>/", views.category_edit, name="category_edit"),
    path("designations/", views.designation_list, name="designation_list"),
    path("designations/<int:pk>/delete/", views.designation_delete, name="designation_delete"),
    path("<uuid:public_id>/", views.appeal_detail, name="appeal_detail"),
    path("<uuid:public_id>/act/<slug:action>/", views.appeal_act, name="appeal_act"),
    path("<uuid:public_id>/reveal/", views.appeal_reveal, name="appeal_reveal"),
    # member portal
    path("portal/", views_portal.portal_list, name="portal_list"),
    path("portal/new/", views_portal.portal_new, name="portal_new"),
    path("portal/<uuid:public_id>/", views_portal.portal_detail, name="portal_detail"),
    path("portal/<uuid:public_id>/rate/", views_portal.portal_rate, name="portal_rate"),
    path("portal/<uuid:public_id>/reopen/", views_portal.portal_reopen, name="portal_reopen"),
    path("portal/<uuid:public_id>/supply/", views_portal.portal_supply, name="portal_supply"),
]
