"""Console views of part elections."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def election_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/elections/election_list.html", {})


@console_view(VIEW)
def election_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "congresses/elections/election_detail.html", {})
