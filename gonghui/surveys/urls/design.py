"""Console routes of part design (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import design

urlpatterns: list[URLPattern] = [
    path("", design.survey_list, name="survey_list"),
    path("<uuid:public_id>/", design.survey_detail, name="survey_detail"),
]
