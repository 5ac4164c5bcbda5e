"""Portal (member) views of part proposals (375 px first)."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def proposal_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/proposals/portal_proposal_list.html", {"tab": "services"})


@portal_view
def proposal_create(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/proposals/portal_proposal_create.html", {"tab": "services"})


@portal_view
def proposal_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "congresses/proposals/portal_proposal_detail.html", {"tab": "services"})
