"""量化评价 (console): one routes module per part; a part edits only its own."""

from django.urls import URLPattern

from . import assessing, reports, rounds, schemes

app_name = "evaluations"

urlpatterns: list[URLPattern] = [
    *schemes.urlpatterns,
    *rounds.urlpatterns,
    *assessing.urlpatterns,
    *reports.urlpatterns,
]
