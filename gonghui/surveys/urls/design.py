"""Console routes of part design (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import design

urlpatterns: list[URLPattern] = [
    path("surveys/", design.survey_list, name="survey_list"),
]
