"""Console routes of part proposals (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import proposals

urlpatterns: list[URLPattern] = [
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/<uuid:public_id>/", proposals.proposal_detail, name="proposal_detail"),
]
