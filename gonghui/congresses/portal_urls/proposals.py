"""Portal routes of part proposals (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_proposals

urlpatterns: list[URLPattern] = [
    path("proposals/", portal_proposals.proposal_list, name="proposal_list"),
    path("proposals/new/", portal_proposals.proposal_create, name="proposal_create"),
    path("proposals/<uuid:public_id>/", portal_proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<uuid:public_id>/second/", portal_proposals.proposal_second, name="proposal_second"),
    path(
        "proposals/<uuid:public_id>/withdraw/", portal_proposals.proposal_withdraw, name="proposal_withdraw"
    ),
    path("proposals/<uuid:public_id>/rate/", portal_proposals.proposal_rate, name="proposal_rate"),
]
