"""Console routes of part results (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import results

urlpatterns: list[URLPattern] = [
    path("<uuid:public_id>/results/", results.survey_results, name="survey_results"),
    path("<uuid:public_id>/results/export/", results.survey_results_export, name="survey_results_export"),
    path("<uuid:public_id>/results/report.pdf", results.survey_results_pdf, name="survey_results_pdf"),
]
