"""Console routes of part events (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import events

urlpatterns: list[URLPattern] = [
    path("", events.activity_list, name="list"),
    path("stats/", events.stats_view, name="stats"),
]
