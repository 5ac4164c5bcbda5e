"""民主管理 (console): one routes module per part; a part edits only its own."""

from django.urls import URLPattern

from . import congress, contracts, disclosures, elections, proposals, report, sessions

app_name = "congresses"

urlpatterns: list[URLPattern] = [
    *congress.urlpatterns,
    *sessions.urlpatterns,
    *proposals.urlpatterns,
    *report.urlpatterns,
    *disclosures.urlpatterns,
    *contracts.urlpatterns,
    *elections.urlpatterns,
]
