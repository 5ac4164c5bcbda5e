"""Console routes of part analysis (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import analysis

urlpatterns: list[URLPattern] = [
    path("analyses/", analysis.analysis_list, name="analysis_list"),
    path("analyses/<uuid:public_id>/", analysis.analysis_detail, name="analysis_detail"),
]
