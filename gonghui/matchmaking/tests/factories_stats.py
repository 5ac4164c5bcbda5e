"""Builders for part stats: single members of a union (each with a portal account and an active profile), a mutual
pair, and a published 线下联谊 whose audience is "婚恋交友平台的单身会员"."""

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import make_member_user
from gonghui.activities.models import Activity
from gonghui.activities.services.events import activity_publish
from gonghui.activities.tests.factories_events import create_activity
from gonghui.matchmaking.models import Interest, MatchProfile
from gonghui.matchmaking.services.stats import SINGLES_AUDIENCE
from gonghui.matchmaking.tests.factories import make_profile

_serial = iter(range(10_000))


def make_singles(org: Any, count: int, *, gender: str = "F", **extra: Any) -> list[MatchProfile]:
    """`count` members of `org`, each with a portal account and an active profile (nicknames 昵称甲0, 昵称甲1 …)."""
    profiles = []
    for _ in range(count):
        n = next(_serial)
        _user, member = make_member_user(f"1360{n:07d}", org, name=f"单身会员{n}")
        if member.gender != gender:
            member.gender = gender
            member.save(update_fields=["gender"])
        profiles.append(make_profile(member=member, nickname=f"昵称甲{n}", **extra))
    return profiles


def make_mutual(a: MatchProfile, b: MatchProfile) -> None:
    Interest.objects.create(from_profile=a, to_profile=b)
    Interest.objects.create(from_profile=b, to_profile=a)


def make_mixer(*, org: Any, actor: Any, publish: bool = True, **over: Any) -> Activity:
    """A 线下联谊 of `org` a week ahead for the single members (sign-up required)."""
    over.setdefault("starts_at", timezone.now() + dt.timedelta(days=7))
    activity = create_activity(
        org=org,
        actor=actor,
        title="青年教职工联谊会",
        place="市工人文化宫",
        audience_key=SINGLES_AUDIENCE,
        **over,
    )
    if publish:
        activity = activity_publish(activity=activity, actor=actor)
    return activity
