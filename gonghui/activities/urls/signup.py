"""Console routes of part signup (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import signup

urlpatterns: list[URLPattern] = [
    path("<int:activity_id>/registrations/", signup.registrations, name="registrations"),
    path(
        "<int:activity_id>/registrations/export/",
        signup.registrations_export_view,
        name="registrations_export",
    ),
    path(
        "<int:activity_id>/registrations/<int:registration_id>/approve/",
        signup.registration_approve_view,
        name="registration_approve",
    ),
    path(
        "<int:activity_id>/registrations/<int:registration_id>/reject/",
        signup.registration_reject_view,
        name="registration_reject",
    ),
    path(
        "<int:activity_id>/registrations/<int:registration_id>/cancel/",
        signup.registration_cancel_view,
        name="registration_cancel",
    ),
    path("<int:activity_id>/remind/", signup.remind, name="remind"),
]
