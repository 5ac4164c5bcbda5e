"""Portal routes of part teams (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_teams

urlpatterns: list[URLPattern] = [
    path("teams/", portal_teams.my_teams, name="my_teams"),
]
