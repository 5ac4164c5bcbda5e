"""Portal (member) views of part disclosures (375 px first)."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def disclosure_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/disclosures/portal_disclosure_list.html", {"tab": "services"})


@portal_view
def disclosure_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "congresses/disclosures/portal_disclosure_detail.html", {"tab": "services"})
