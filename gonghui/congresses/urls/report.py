"""Console routes of part report (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import report

urlpatterns: list[URLPattern] = [
    path("sessions/<uuid:public_id>/report/", report.session_report, name="session_report"),
    path("sessions/<uuid:public_id>/report/pdf/", report.session_report_pdf, name="session_report_pdf"),
    path(
        "sessions/<uuid:public_id>/report/export/", report.session_report_export, name="session_report_export"
    ),
    path("sessions/<uuid:public_id>/publish/", report.session_publish, name="session_publish"),
    path("sessions/<uuid:public_id>/honours/review/", report.honours_review, name="honours_review"),
    path("sessions/<uuid:public_id>/honours/", report.honours_select, name="honours_select"),
    path("proposals/<uuid:public_id>/publish/", report.proposal_publish, name="proposal_publish"),
    path("proposals/<uuid:public_id>/unpublish/", report.proposal_unpublish, name="proposal_unpublish"),
]
