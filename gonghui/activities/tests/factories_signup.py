"""Sign-up rows for tests of part signup: an activity open for sign-up now (tests/factories.py make_activity),
members of a union with portal accounts, and a registration made through the service."""

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import make_member_user
from gonghui.activities.models import Activity, Registration
from gonghui.activities.services.signup import registration_sign_up

from .factories import make_activity


def make_signup_activity(*, org: Any, actor: Any, **extra: Any) -> Activity:
    """A published activity of `org` a week ahead, its sign-up window open since an hour ago."""
    extra.setdefault("signup_opens_at", timezone.now() - dt.timedelta(hours=1))
    return make_activity(org=org, actor=actor, **extra)


def make_members(org: Any, count: int, *, start: int = 0) -> list[Any]:
    """`count` members of `org`, each with a portal account."""
    return [
        make_member_user(f"1390000{start + n:04d}", org, name=f"报名会员{start + n}")[1] for n in range(count)
    ]


def sign_up(activity: Activity, member: Any, **extra: Any) -> Registration:
    return registration_sign_up(activity=activity, member=member, actor=member.user, **extra)
