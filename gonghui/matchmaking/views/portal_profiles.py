"""Portal (member) views of part profiles (375 px first): the 婚恋交友 home (what it is, the 承诺, join), the
member's own profile and its editing, withdrawal, and the photo (only to the member or a member who may see it)."""

import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.members.decorators import portal_view


@portal_view
def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "matchmaking/profiles/portal_home.html", {"tab": "services"})


@portal_view
def join(request: AuthedRequest) -> HttpResponse:
    return render(request, "matchmaking/profiles/portal_home.html", {"tab": "services"})


@portal_view
def profile_edit(request: AuthedRequest) -> HttpResponse:
    return render(request, "matchmaking/profiles/portal_home.html", {"tab": "services"})


@portal_view
def withdraw(request: AuthedRequest) -> HttpResponse:
    return render(request, "matchmaking/profiles/portal_home.html", {"tab": "services"})


@portal_view
def photo(request: AuthedRequest, public_id: uuid.UUID) -> HttpResponse:
    raise Http404
