"""Activity rows for tests, written straight to the tables so each part's tests stand alone; parts whose services
exist build on them in their own factories (tests/factories_<part>.py)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.activities.choices import ActivityKind, ActivityStatus
from gonghui.activities.models import Activity


def make_activity(
    *,
    org: Any,
    actor: Any,
    title: str = "教职工羽毛球赛",
    kind: str = ActivityKind.SPORTS,
    status: str = ActivityStatus.PUBLISHED,
    starts_in: dt.timedelta = dt.timedelta(days=7),
    hours: int = 2,
    **extra: Any,
) -> Activity:
    """An activity of `org` starting `starts_in` from now and lasting `hours`; published (sign-up open now) unless
    told otherwise."""
    now = timezone.now()
    starts_at = extra.pop("starts_at", now + starts_in)
    return Activity.objects.create(
        org=org,
        title=title,
        kind=kind,
        place=extra.pop("place", "市体育馆"),
        starts_at=starts_at,
        ends_at=extra.pop("ends_at", starts_at + dt.timedelta(hours=hours)),
        status=status,
        published_at=now if status == ActivityStatus.PUBLISHED else None,
        created_by=actor,
        **extra,
    )
