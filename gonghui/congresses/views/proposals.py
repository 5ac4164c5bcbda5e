"""Console views of part proposals."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def proposal_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/proposals/proposal_list.html", {})


@console_view(VIEW)
def proposal_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "congresses/proposals/proposal_detail.html", {})
