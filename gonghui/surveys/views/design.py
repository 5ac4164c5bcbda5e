"""Console views of part design."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def survey_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "surveys/design/survey_list.html", {})


@console_view(VIEW)
def survey_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "surveys/design/survey_detail.html", {})
