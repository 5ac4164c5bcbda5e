"""Console views of part rounds."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def round_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "evaluations/rounds/round_list.html", {})


@console_view(VIEW)
def round_create(request: AuthedRequest) -> HttpResponse:
    return render(request, "evaluations/rounds/round_create.html", {})


@console_view(VIEW)
def round_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "evaluations/rounds/round_detail.html", {})


@console_view(VIEW)
def target_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "evaluations/rounds/target_detail.html", {})
