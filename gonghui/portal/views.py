"""The member portal shell: home with tiles, services, messages, profile."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.registry import portal_tiles
from gonghui.members.decorators import portal_view
from gonghui.notifications.selectors import notification_list_for_user


@portal_view
def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"tiles": list(portal_tiles)[:8], "tab": "home"})


@portal_view
def services(request: AuthedRequest) -> HttpResponse:
    return render(request, "portal/services.html", {"tiles": list(portal_tiles), "tab": "services"})


@portal_view
def inbox(request: AuthedRequest) -> HttpResponse:
    """消息 tab: the member's own inbox (the notifications app owns the messages)."""
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, notification_list_for_user(user=request.user, unread_only=unread_only))
    return render(
        request,
        "notifications/portal_inbox.html",
        {
            "page": page,
            "unread_only": unread_only,
            "querystring": query_without_page(request),
            "tab": "inbox",
        },
    )


@portal_view
def me(request: AuthedRequest) -> HttpResponse:
    return render(request, "portal/me.html", {"member": request.member, "tab": "me"})  # type: ignore[attr-defined]
