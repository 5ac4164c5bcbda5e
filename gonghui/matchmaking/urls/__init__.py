"""婚恋交友 (console): one module per part; a part edits only its own."""

from django.urls import URLPattern

from . import moderation, stats

app_name = "matchmaking"

urlpatterns: list[URLPattern] = [
    *stats.urlpatterns,
    *moderation.urlpatterns,
]
