from django.urls import path

from . import views

app_name = "checkins"

urlpatterns = [
    # console: 签到
    path("", views.session_list, name="list"),
    path("new/", views.session_create_view, name="create"),
    path("<uuid:public_id>/", views.session_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.session_edit, name="edit"),
    path("<uuid:public_id>/export/", views.session_export, name="export"),
    path("<uuid:public_id>/scan/", views.session_scan, name="scan"),
    path("<uuid:public_id>/scan/find/", views.session_find, name="scan_find"),
    path("<uuid:public_id>/scan/confirm/", views.session_confirm, name="scan_confirm"),
]
