"""Portal (member) views of part profiles (375 px first): the 婚恋交友 home (what it is, the 承诺, join), the
member's own profile and its editing, withdrawal."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "matchmaking/profiles/portal_home.html", {"tab": "services"})
