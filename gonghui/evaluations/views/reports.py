"""Console views of part reports."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def league(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "evaluations/reports/league.html", {})


@console_view(VIEW)
def scorecard(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "evaluations/reports/scorecard.html", {})


@console_view(VIEW)
def trends(request: AuthedRequest) -> HttpResponse:
    return render(request, "evaluations/reports/trends.html", {})
