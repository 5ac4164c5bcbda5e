"""Console views of part congress."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def congress_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/congress/congress_list.html", {})


@console_view(VIEW)
def congress_create(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/congress/congress_create.html", {})


@console_view(VIEW)
def coverage(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/congress/coverage.html", {})


@console_view(VIEW)
def congress_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "congresses/congress/congress_detail.html", {})
