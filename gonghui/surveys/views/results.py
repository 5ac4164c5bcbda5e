"""Console views of part results."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def survey_results(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "surveys/results/survey_results.html", {})
