"""Pages of 评选表彰 — part `studios`."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def studio_board(request: AuthedRequest) -> HttpResponse:
    return render(request, "honours/placeholder.html", {"title": "创新工作室"})
