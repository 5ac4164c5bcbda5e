"""Console routes of part report (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import report

urlpatterns: list[URLPattern] = [
    path("sessions/<uuid:public_id>/report/", report.session_report, name="session_report"),
]
