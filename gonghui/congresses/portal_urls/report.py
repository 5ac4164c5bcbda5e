"""Portal routes of part report (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_report

urlpatterns: list[URLPattern] = [
    path("published/", portal_report.published_list, name="published_list"),
]
