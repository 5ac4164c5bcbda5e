"""Console views of part assessing."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def self_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "evaluations/assessing/self_list.html", {})


@console_view(VIEW)
def self_assess(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "evaluations/assessing/self_assess.html", {})


@console_view(VIEW)
def assess(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "evaluations/assessing/assess.html", {})
