"""Matchmaking rows for tests, written straight to the tables so each part's tests stand alone; parts whose services
exist build on them in their own factories (tests/factories_<part>.py)."""

from typing import Any

from django.utils import timezone

from gonghui.matchmaking.choices import ProfileStatus
from gonghui.matchmaking.models import PLEDGE_VERSION, MatchProfile


def make_profile(*, member: Any, nickname: str = "", **extra: Any) -> MatchProfile:
    """An active profile of `member` (pledge signed now)."""
    now = timezone.now()
    return MatchProfile.objects.create(
        member=member,
        nickname=nickname or f"会员{member.pk}",
        status=extra.pop("status", ProfileStatus.ACTIVE),
        pledge_signed_at=now,
        pledge_version=PLEDGE_VERSION,
        joined_at=now,
        **extra,
    )
