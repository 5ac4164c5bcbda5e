"""Console routes of part volunteers (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import volunteers

urlpatterns: list[URLPattern] = [
    path("volunteers/", volunteers.team_list, name="team_list"),
]
