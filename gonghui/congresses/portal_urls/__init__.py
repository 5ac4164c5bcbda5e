"""民主管理 (the member's pages on the portal): one routes module per part; a part edits only its own."""

from django.urls import URLPattern

from . import congress, disclosures, proposals, report, sessions

app_name = "congresses_portal"

urlpatterns: list[URLPattern] = [
    *congress.urlpatterns,
    *sessions.urlpatterns,
    *proposals.urlpatterns,
    *report.urlpatterns,
    *disclosures.urlpatterns,
]
