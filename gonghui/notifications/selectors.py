"""Reads of the inbox: a user sees their own messages only."""

from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.http import Http404
from django.urls import Resolver404, resolve

from gonghui.accounts.actors import Actor, Visitor

from .models import Notification
from .targets import notification_targets


def notification_list_for_user(*, user: Actor, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_get_for_user(*, user: Actor, pk: int) -> Notification:
    """A user's own message; anyone else's is 404."""
    try:
        return Notification.objects.get(pk=pk, recipient=user)
    except Notification.DoesNotExist:
        raise Http404 from None


def unread_count(user: Visitor) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_whereabouts(*, user: Actor, notification: Notification) -> str:
    """ "" when the message's link may be followed; else why not — the sentence of the target page's registered
    check (`targets.notification_targets`), e.g. 已转办至… for a case that left the user's union. Links to pages
    without a check are followed as they are."""
    try:
        match = resolve(urlsplit(notification.url).path)
    except Resolver404:
        return ""
    if match.view_name not in notification_targets:
        return ""
    return notification_targets.get(match.view_name).whereabouts(user, match.kwargs)
