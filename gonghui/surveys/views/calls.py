"""Console views of part calls."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def call_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "surveys/calls/call_list.html", {})


@console_view(VIEW)
def call_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "surveys/calls/call_detail.html", {})
