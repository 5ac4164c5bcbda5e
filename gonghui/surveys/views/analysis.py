"""Console views of part analysis."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def analysis_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "surveys/analysis/analysis_list.html", {})


@console_view(VIEW)
def analysis_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "surveys/analysis/analysis_detail.html", {})
