"""Reads for members, scoped through Member.visible_q."""

from typing import Any

from django.db.models import Q, QuerySet

from gonghui.accounts.scoping import scoped_get_or_404

from .choices import HOLDING_STATUSES
from .models import Member


def member_list_for_user(
    *, user: Any, query: str = "", status: str = "", within: Any = None
) -> QuerySet[Member]:
    qs = Member.objects.filter(Member.visible_q(user)).select_related("org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if query:
        condition = Q(name__icontains=query)
        if query.isdigit() and len(query) == 11:
            condition |= Q(phone=query)
        if len(query) == 4:  # ID number suffix
            condition |= Q(id_number_masked__endswith=query.upper())
        qs = qs.filter(condition)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("org__path", "name", "id")


def member_get_for_user(*, user: Any, public_id: Any, action: str = "members.view") -> Member:
    return scoped_get_or_404(
        Member.objects.select_related("org", "user"),
        visible=Member.visible_q(user),
        user=user,
        action=action,
        public_id=public_id,
    )


def member_count_holding(*, org: Any) -> int:
    """Members holding membership in the org's subtree."""
    return Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES).count()


def member_for_user(user: Any) -> Member | None:
    """The member record behind a logged-in member (portal)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.select_related("org").filter(user=user).first()
