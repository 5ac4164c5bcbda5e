"""Portal (member) views of part report (375 px first)."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def published_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/report/portal_published_list.html", {"tab": "services"})
