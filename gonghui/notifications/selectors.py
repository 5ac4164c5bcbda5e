"""Reads of the inbox: a user sees their own messages only."""

from django.db.models import QuerySet
from django.http import Http404

from gonghui.accounts.actors import Actor, Visitor

from .models import Notification


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
