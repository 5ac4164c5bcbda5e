"""Console routes of part elections (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import elections

urlpatterns: list[URLPattern] = [
    path("elections/", elections.election_list, name="election_list"),
    path("elections/<uuid:public_id>/", elections.election_detail, name="election_detail"),
]
