"""Pages of 评选表彰 — part `records`."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def honour_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "honours/placeholder.html", {"title": "荣誉档案"})
