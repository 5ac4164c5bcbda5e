"""婚恋交友 (the member's pages on the portal): one module per part; a part edits only its own."""

from django.urls import URLPattern

from . import browse, moderation, profiles

app_name = "matchmaking_portal"

urlpatterns: list[URLPattern] = [
    *profiles.urlpatterns,
    *browse.urlpatterns,
    *moderation.urlpatterns,
]
