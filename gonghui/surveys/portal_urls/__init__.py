"""问卷调查 (the member's pages on the portal): one routes module per part; a part edits only its own."""

from django.urls import URLPattern

from . import answering

app_name = "surveys_portal"

urlpatterns: list[URLPattern] = [
    *answering.urlpatterns,
]
