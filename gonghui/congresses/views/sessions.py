"""Console views of part sessions."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def session_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "congresses/sessions/session_detail.html", {})


@console_view(VIEW)
def session_create(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "congresses/sessions/session_detail.html", {})
