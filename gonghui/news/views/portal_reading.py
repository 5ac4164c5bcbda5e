"""Portal (member) views of part reading (375 px first)."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def portal_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "news/reading/portal_list.html", {"tab": "services"})
