"""Console routes of part moderation (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import moderation

urlpatterns: list[URLPattern] = [
    path("reports/", moderation.report_list, name="report_list"),
]
