"""Builders for part events: activity details a form would post, an activity made through the service, and
registrations and attendance written straight to their tables (parts signup and attendance own their services)."""

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from gonghui.activities.choices import ActivityKind, AttendanceMethod, RegistrationStatus
from gonghui.activities.models import Activity, Attendance, Registration
from gonghui.activities.services.events import ActivityDetails, activity_create
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory


def details(**over: Any) -> ActivityDetails:
    starts = over.pop("starts_at", timezone.now() + dt.timedelta(days=7))
    values: dict[str, Any] = {
        "title": "教职工羽毛球赛",
        "kind": ActivityKind.SPORTS,
        "place": "学校体育馆",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=3),
        **over,
    }
    return ActivityDetails(**values)


def create_activity(*, org: Any, actor: Any, **over: Any) -> Activity:
    return activity_create(org=org, details=details(**over), actor=actor)


def register(activity: Activity, member: Member, status: str = RegistrationStatus.CONFIRMED) -> Registration:
    return Registration.objects.create(
        activity=activity, member=member, number=f"BM{uuid.uuid4().hex[:12]}", status=status
    )


def attend(activity: Activity, member: Member, registration: Registration | None = None) -> Attendance:
    return Attendance.objects.create(
        activity=activity,
        member=member,
        registration=registration,
        method=AttendanceMethod.MANUAL,
        checked_in_at=activity.starts_at,
    )


def crowd(activity: Activity, *, registered: int, attended: int) -> None:
    """`registered` confirmed registrations of new members of the activity's union, the first `attended` of them
    checked in."""
    for index in range(registered):
        member = MemberFactory.create(org=activity.org)
        registration = register(activity, member)
        if index < attended:
            attend(activity, member, registration)
