"""Portal (member) views of part congress (375 px first)."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/congress/portal_home.html", {"tab": "services"})
