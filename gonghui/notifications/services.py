"""Writing notifications: inbox rows in the caller's transaction; SMS and email only after it commits."""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.channels import send_email, send_sms

from .models import Notification


def notify(
    *,
    recipients: Iterable[Actor],
    title: str,
    body: str = "",
    url: str = "",
    category: str = "",
    sms: bool = False,
    email: bool = False,
) -> list[Notification]:
    """Put a message in each recipient's inbox; copy it by SMS/email once the surrounding transaction commits
    (nothing is sent for a change that rolls back)."""
    users = list(recipients)
    rows = Notification.objects.bulk_create(
        [Notification(recipient=u, title=title, body=body, url=url, category=category) for u in users]
    )
    text = f"【智慧工会】{title}：{body}" if body else f"【智慧工会】{title}"
    for user in users:
        phone, address = user.phone or "", user.email or ""
        if sms and phone:
            transaction.on_commit(partial(send_sms, phone, text))
        if email and address:
            transaction.on_commit(partial(send_email, address, title, body))
    return rows


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: Actor) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
