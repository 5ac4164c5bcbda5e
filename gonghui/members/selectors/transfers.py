"""Reads of transfers (转会): the console's lists from either side (a delivery: `Transfer.visible_q`), the member's own,
and the unions a member may move to."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org

from ..models import Member, Transfer
from ..permissions import VIEW

TARGET_LEVELS = (OrgLevel.GRASSROOTS, OrgLevel.BRANCH, OrgLevel.COUNTY)


def _transfers_on_side(user: Actor, side: str) -> QuerySet[Transfer]:
    """Transfers out of the user's subtrees ("from"), addressed to them ("to"), or either (the delivery in
    `Transfer.visible_q`)."""
    if side == "from":
        return Transfer.objects.in_subtrees(user, VIEW)
    if side == "to":
        return Transfer.objects.filter(to_org__in=Org.objects.visible_to(user, VIEW))
    return Transfer.objects.visible_to(user, VIEW)


def transfer_list_for_user(*, user: Actor, status: str = "", direction: str = "") -> QuerySet[Transfer]:
    """Transfers out of the user's subtrees and transfers addressed to them; `direction` "out" or "in"
    narrows to one side."""
    qs = _transfers_on_side(user, {"out": "from", "in": "to"}.get(direction, ""))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("member", "from_org", "to_org").order_by("-created_at", "-id")


def transfer_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW, side: str = "any") -> Transfer:
    """One transfer the user can see (else 404) from the given side ("from", "to" or "any"), on which they
    hold `action` on that side's union (else 403)."""
    try:
        transfer = (
            _transfers_on_side(user, side)
            .select_related("member", "member__user", "from_org", "to_org", "requested_by")
            .get(public_id=public_id)
        )
    except Transfer.DoesNotExist:
        raise Http404 from None
    orgs = (
        [transfer.from_org]
        if side == "from"
        else [transfer.to_org]
        if side == "to"
        else [transfer.from_org, transfer.to_org]
    )
    if not any(org is not None and has_action(user, action, org) for org in orgs):
        raise PermissionDenied
    return transfer


def transfer_list_for_member(*, member: Member) -> QuerySet[Transfer]:
    return (
        Transfer.objects.filter(member=member)
        .select_related("from_org", "to_org")
        .order_by("-created_at", "-id")
    )


def transfer_get_for_member(*, member: Member, public_id: Any) -> Transfer:
    try:
        return Transfer.objects.select_related("from_org", "to_org").get(member=member, public_id=public_id)
    except Transfer.DoesNotExist:
        raise Http404 from None


def transfer_target_orgs() -> QuerySet[Org]:
    """Unions a member can transfer to within the platform."""
    return (
        Org.objects.filter(status=OrgStatus.ACTIVE, level__in=TARGET_LEVELS)
        .only("code", "name", "path")
        .order_by("path")
    )
