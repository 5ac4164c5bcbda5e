"""The member portal shell: home with tiles, services, messages, profile."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gonghui.core.registry import portal_tiles

from .decorators import portal_view


@portal_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"tiles": list(portal_tiles)[:8], "tab": "home"})


@portal_view
def services(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/services.html", {"tiles": list(portal_tiles), "tab": "services"})


@portal_view
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/inbox.html", {"tab": "inbox"})


@portal_view
def me(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/me.html", {"member": request.member, "tab": "me"})  # type: ignore[attr-defined]
