"""Console routes of part rounds (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import rounds

urlpatterns: list[URLPattern] = [
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<uuid:public_id>/", rounds.round_detail, name="round_detail"),
    path("targets/<uuid:public_id>/", rounds.target_detail, name="target_detail"),
]
