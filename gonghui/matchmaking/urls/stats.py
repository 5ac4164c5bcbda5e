"""Console routes of part stats (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import stats

urlpatterns: list[URLPattern] = [
    path("", stats.stats, name="stats"),
]
