"""The inbox: cadres in the console, members in the portal (消息 tab)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest
from gonghui.accounts.scoping import is_cadre
from gonghui.core.pagination import paginate, query_without_page

from .selectors import notification_get_for_user, notification_list_for_user, notification_whereabouts
from .services import notification_mark_read, notifications_mark_all_read


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    """The console inbox; members have theirs in the portal's 消息 tab."""
    if not is_cadre(request.user):
        return redirect("portal:inbox")
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, notification_list_for_user(user=request.user, unread_only=unread_only))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_only": unread_only, "querystring": query_without_page(request)},
    )


@login_required
def notification_open(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mark as read and follow the message's link (or back to the inbox); when its object has left the user's
    scope, say where it went instead of leading into a 404."""
    notification = notification_get_for_user(user=request.user, pk=pk)
    notification_mark_read(notification=notification)
    whereabouts = notification_whereabouts(user=request.user, notification=notification)
    if not whereabouts:
        return redirect(notification.url or "notifications:inbox")
    cadre = is_cadre(request.user)
    return render(
        request,
        "notifications/notification_gone.html",
        {
            "notification": notification,
            "whereabouts": whereabouts,
            "base_template": "base.html" if cadre else "portal/base.html",
            "inbox_url": "notifications:inbox" if cadre else "portal:inbox",
        },
    )


@require_POST
@login_required
def inbox_mark_all_read(request: AuthedRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    return redirect("notifications:inbox" if is_cadre(request.user) else "portal:inbox")
