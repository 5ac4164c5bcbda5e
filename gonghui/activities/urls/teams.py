"""Console routes of part teams (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import teams

urlpatterns: list[URLPattern] = [
    path("teams/", teams.delegation_list, name="delegation_list"),
]
