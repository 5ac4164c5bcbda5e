"""Selectors of part browse: which profiles an opted-in member sees (active, holding membership, not themself, no
block either way), interest, matches and the contact reveal."""

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.members.choices import HOLDING_STATUSES

from ..choices import ProfileStatus, Seeking
from ..models import Block, Interest, MatchProfile
from .profiles import AGE_BANDS, ProfileCard, contact_of, profile_card


def _blocked_ids(viewer: MatchProfile) -> Q:
    """Profiles `viewer` blocked or was blocked by."""
    blocked = Block.objects.filter(from_profile=viewer).values("to_profile_id")
    blockers = Block.objects.filter(to_profile=viewer).values("from_profile_id")
    return Q(pk__in=blocked) | Q(pk__in=blockers)


def visible_profiles(viewer: MatchProfile | None) -> QuerySet[MatchProfile]:
    """The profiles `viewer` may see: none unless the viewer's own profile is active; then every other active
    profile of a member holding membership, minus blocks in either direction."""
    if viewer is None or viewer.status != ProfileStatus.ACTIVE:
        return MatchProfile.objects.none()
    return (
        MatchProfile.objects.filter(status=ProfileStatus.ACTIVE, member__status__in=HOLDING_STATUSES)
        .exclude(pk=viewer.pk)
        .exclude(_blocked_ids(viewer))
        .select_related("member__org", "photo")
    )


def may_see(viewer: MatchProfile | None, profile: MatchProfile) -> bool:
    """May `viewer` see `profile` (its card and its photo)?"""
    return visible_profiles(viewer).filter(pk=profile.pk).exists()


# --- browsing with filters -----------------------------------------------------------------------------------
def _years_before(today: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (29 February → 28 February in a common year)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def age_band_q(index: int, today: dt.date) -> Q:
    """Members whose age today falls in `AGE_BANDS[index]` (a birth-date range, so the database filters)."""
    _label, youngest, oldest = AGE_BANDS[index]
    q = Q(member__birth_date__lte=_years_before(today, youngest))
    if oldest is not None:
        q &= Q(member__birth_date__gt=_years_before(today, oldest + 1))
    return q


def browse_profiles(
    viewer: MatchProfile | None,
    *,
    gender: str = "",
    age_band: int | None = None,
    education: str = "",
    industry: str = "",
    today: dt.date | None = None,
) -> QuerySet[MatchProfile]:
    """`visible_profiles(viewer)` narrowed by the filters. `gender` is a `Seeking` value (the registry gender of
    the other member; `Seeking.ANY` or "" for all). The other filters match only profiles that chose to show the
    field: a hidden age band, education or unit type is never revealed by filtering on it."""
    profiles = visible_profiles(viewer)
    if gender and gender != Seeking.ANY:
        profiles = profiles.filter(member__gender=gender)
    if age_band is not None:
        profiles = profiles.filter(age_band_q(age_band, today or timezone.localdate()), show_age_band=True)
    if education:
        profiles = profiles.filter(education=education, show_education=True)
    if industry:
        profiles = profiles.filter(member__org__industry=industry, show_unit_type=True)
    return profiles.order_by("-joined_at", "pk")


def visible_profile_or_404(viewer: MatchProfile | None, public_id: Any) -> MatchProfile:
    """The profile `viewer` may see (any other: 404, whether it does not exist, is hidden or blocked)."""
    return get_object_or_404(visible_profiles(viewer), public_id=public_id)


# --- interest, matches and the contact reveal ---------------------------------------------------------------
def interest_state(viewer: MatchProfile, profile: MatchProfile) -> tuple[bool, bool]:
    """(viewer is interested in profile, profile is interested in viewer)."""
    pairs = set(
        Interest.objects.filter(
            Q(from_profile=viewer, to_profile=profile) | Q(from_profile=profile, to_profile=viewer)
        ).values_list("from_profile_id", flat=True)
    )
    return viewer.pk in pairs, profile.pk in pairs


def contact_for(viewer: MatchProfile | None, profile: MatchProfile) -> str | None:
    """`profile`'s contact as `viewer` may see it: only with interest both ways and while `viewer` may see the
    profile (None otherwise; "" when the match exists but the member left no contact)."""
    if viewer is None or not may_see(viewer, profile):
        return None
    sent, received = interest_state(viewer, profile)
    if not (sent and received):
        return None
    return contact_of(profile)


@dataclass(frozen=True)
class Match:
    card: ProfileCard
    contact: str


class MyInterests(NamedTuple):
    """我的心动: sent (one way, mine), received (one way, theirs), mutual (both ways, with the contact)."""

    sent: list[ProfileCard]
    received: list[ProfileCard]
    mutual: list[Match]


def my_interests(viewer: MatchProfile | None, today: dt.date | None = None) -> MyInterests:
    """The viewer's interests in both directions, each side only among the profiles the viewer may see (a profile
    that withdrew, was suspended or is blocked either way drops out)."""
    if viewer is None or viewer.status != ProfileStatus.ACTIVE:
        return MyInterests([], [], [])
    visible = visible_profiles(viewer)
    sent_ids = set(Interest.objects.filter(from_profile=viewer).values_list("to_profile_id", flat=True))
    received_ids = set(Interest.objects.filter(to_profile=viewer).values_list("from_profile_id", flat=True))
    profiles = {p.pk: p for p in visible.filter(pk__in=sent_ids | received_ids)}
    today = today or timezone.localdate()
    mutual_ids = sent_ids & received_ids
    return MyInterests(
        sent=[profile_card(p, today) for pk, p in profiles.items() if pk in sent_ids - mutual_ids],
        received=[profile_card(p, today) for pk, p in profiles.items() if pk in received_ids - mutual_ids],
        mutual=[
            Match(card=profile_card(p, today), contact=contact_of(p))
            for pk, p in profiles.items()
            if pk in mutual_ids
        ],
    )


# --- blocks ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BlockRow:
    public_id: str
    nickname: str
    blocked_at: dt.datetime


def my_blocks(viewer: MatchProfile | None) -> list[BlockRow]:
    """The profiles the viewer blocked (newest first), by nickname; a profile erased since shows as such."""
    if viewer is None:
        return []
    rows = (
        Block.objects.filter(from_profile=viewer).select_related("to_profile").order_by("-created_at", "pk")
    )
    return [
        BlockRow(
            public_id=str(row.to_profile.public_id),
            nickname=row.to_profile.nickname or "（资料已清除的会员）",
            blocked_at=row.created_at,
        )
        for row in rows
    ]


def blocked_profile_or_404(viewer: MatchProfile | None, public_id: Any) -> MatchProfile:
    """A profile the viewer blocked (404 for any other)."""
    if viewer is None:
        raise Http404
    blocked = Block.objects.filter(from_profile=viewer).values("to_profile_id")
    return get_object_or_404(MatchProfile.objects.filter(pk__in=blocked), public_id=public_id)
