"""问卷调查与课题研究 (console): one routes module per part; a part edits only its own."""

from django.urls import URLPattern

from . import analysis, calls, design, projects, results

app_name = "surveys"

urlpatterns: list[URLPattern] = [
    *design.urlpatterns,
    *results.urlpatterns,
    *analysis.urlpatterns,
    *calls.urlpatterns,
    *projects.urlpatterns,
]
