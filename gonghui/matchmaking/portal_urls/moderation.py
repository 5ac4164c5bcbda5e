"""Portal routes of part moderation (this part edits only this file): reporting a profile and the receipt."""

from django.urls import URLPattern, path

from ..views import portal_moderation

urlpatterns: list[URLPattern] = [
    path("people/<uuid:public_id>/report/", portal_moderation.report_create, name="report_create"),
    path("reports/<uuid:public_id>/", portal_moderation.report_receipt, name="report_receipt"),
]
