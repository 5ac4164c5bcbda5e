"""Test helpers of part attendance: an activity of org A open for check-in (starting soon, or at given times),
confirmed registrations written straight to the table (part signup's services are built beside this part), and
members of org A with member numbers."""

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import make_member_user
from gonghui.activities.choices import RegistrationStatus
from gonghui.activities.models import Activity, Registration
from gonghui.activities.tests.factories import make_activity

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def live_activity(
    world: Any, *, starts_in: dt.timedelta = dt.timedelta(minutes=30), **extra: Any
) -> Activity:
    """An activity of org A by org A's admin: by default starting in 30 minutes (check-in open), two hours long."""
    return make_activity(
        org=extra.pop("org", world.org_a),
        actor=extra.pop("actor", world.org_admin),
        title=extra.pop("title", "教职工羽毛球赛"),
        starts_in=starts_in,
        **extra,
    )


def ended_activity(world: Any, **extra: Any) -> Activity:
    """An activity of org A that ended an hour ago."""
    start = timezone.now() - dt.timedelta(hours=3)
    return make_activity(
        org=world.org_a,
        actor=world.org_admin,
        title=extra.pop("title", "事迹报告会"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        **extra,
    )


def register(activity: Activity, member: Any, status: str = RegistrationStatus.CONFIRMED) -> Registration:
    return Registration.objects.create(
        activity=activity,
        member=member,
        number=f"HD{activity.pk:04d}{member.pk:06d}",
        status=status,
        decided_at=timezone.now(),
    )


def numbered(member: Any, number: str) -> Any:
    member.member_number = number
    member.save(update_fields=["member_number"])
    return member


def org_member(world: Any, phone: str, name: str, number: str, org: Any = None) -> Any:
    """Another member (of org A unless told) with a portal account and a member number."""
    return numbered(make_member_user(phone, org or world.org_a, name=name)[1], number)
