"""Portal (member) views of part reading (375 px first)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def portal_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "news/reading/portal_list.html", {"tab": "services"})


@portal_view
def portal_column(request: AuthedRequest, column_id: int) -> HttpResponse:
    raise Http404


@portal_view
def portal_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404
