"""Console routes of part results (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import results

urlpatterns: list[URLPattern] = [
    path("<uuid:public_id>/results/", results.survey_results, name="survey_results"),
]
