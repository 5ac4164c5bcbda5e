"""Who sits where, read by every part: a member's delegate seats in current congresses, a congress's full delegates
in office, and a unit's staff (the members holding membership in the unit's union or any union below it — a 二级单位's
分工会 included), who read the unit's published proposals, resolutions and disclosures."""

from typing import Any

from django.db.models import QuerySet

from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member

from .choices import DelegateRole
from .models import Congress, Delegate


def current_seats(member: Member) -> QuerySet[Delegate]:
    """The member's seats in office in current congresses, with the congress and its union."""
    return Delegate.objects.filter(
        member=member, ended_on__isnull=True, congress__is_current=True
    ).select_related("congress__org")


def seat_in(congress: Congress, member: Member | None) -> Delegate | None:
    """The member's seat in office in this congress (any role), or None."""
    if member is None:
        return None
    return Delegate.objects.filter(congress=congress, member=member, ended_on__isnull=True).first()


def full_delegates(congress: Congress) -> QuerySet[Delegate]:
    """The 正式代表 in office: they make the quorum and the votes (except in 大会 mode, see rules.electorate_of)."""
    return Delegate.objects.filter(congress=congress, role=DelegateRole.FULL, ended_on__isnull=True)


def unit_staff(org: Any) -> QuerySet[Member]:
    """The unit's staff: members holding membership in `org` or a union below it."""
    return Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES)


def is_unit_staff(member: Member | None, org: Any) -> bool:
    return member is not None and member.status in HOLDING_STATUSES and member.org.path.startswith(org.path)
