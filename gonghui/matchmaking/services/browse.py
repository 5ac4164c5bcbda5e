"""Services of part browse: interest (心动) and its withdrawal, the match when interest goes both ways (both
members notified, naming the other by nickname only), blocks (both ways hidden; interests removed) and unblocking.

A pair of profiles is written under the locks of both profile rows, taken in primary-key order: two members who
click 心动 on each other at the same instant are serialised, so the second sees the first's interest, the pair
ends as a match and each member is told exactly once. Nothing here writes a timeline or audit row: whom a member
likes or blocks is their private business, and those rows would outlive the erasure."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from gonghui.notifications.services import notify

from ..choices import ProfileStatus
from ..models import Block, Interest, MatchProfile
from ..selectors.browse import may_see

CATEGORY = "matchmaking"
ONE_WAY_TITLE = "有会员对你心动，去看看"
ONE_WAY_BODY = "在“我的心动”中可以看到对你心动的会员；你也心动时，双方可以看到彼此留下的联系方式。"


def mutual_title(nickname: str) -> str:
    return f"你与「{nickname}」互相心动，可在“我的心动”查看对方留下的联系方式"


@dataclass(frozen=True)
class InterestResult:
    interested: bool  # the viewer is now interested in the profile
    mutual: bool  # … and it is interested in the viewer


def _lock_pair(viewer: MatchProfile, profile: MatchProfile) -> None:
    """Lock both profile rows, lower primary key first (no deadlock between two members acting on each other)."""
    list(
        MatchProfile.objects.select_for_update(of=("self",))
        .filter(pk__in=sorted((viewer.pk, profile.pk)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _tell(profile: MatchProfile, title: str, body: str = "") -> None:
    user = profile.member.user
    if user is None:
        return
    notify(
        recipients=[user],
        title=title,
        body=body,
        url=reverse("matchmaking_portal:interests"),
        category=CATEGORY,
    )


def _pair_checks(viewer: MatchProfile, profile: MatchProfile) -> None:
    if viewer.pk == profile.pk:
        raise ValidationError("不能对自己的资料操作")
    if viewer.status != ProfileStatus.ACTIVE:
        raise ValidationError("你的婚恋交友资料目前未展示，不能进行此操作")


@transaction.atomic
def interest_toggle(*, viewer: MatchProfile, profile: MatchProfile, actor: Any) -> InterestResult:
    """心动 / 取消心动. Refused when the viewer may not see the profile (hidden, withdrawn, blocked either way).
    A new interest tells the other member without naming the viewer; the interest that completes a match tells
    both, each naming the other by nickname. Withdrawing tells nobody."""
    _pair_checks(viewer, profile)
    _lock_pair(viewer, profile)
    viewer.refresh_from_db(fields=["status", "nickname"])
    if not may_see(viewer, profile):
        raise ValidationError("对方资料目前无法查看，不能心动")
    profile.refresh_from_db(fields=["nickname"])
    deleted, _rows = Interest.objects.filter(from_profile=viewer, to_profile=profile).delete()
    if deleted:
        return InterestResult(interested=False, mutual=False)
    Interest.objects.create(from_profile=viewer, to_profile=profile)
    mutual = Interest.objects.filter(from_profile=profile, to_profile=viewer).exists()
    if mutual:
        _tell(profile, mutual_title(viewer.nickname))
        _tell(viewer, mutual_title(profile.nickname))
    else:
        _tell(profile, ONE_WAY_TITLE, ONE_WAY_BODY)
    return InterestResult(interested=True, mutual=mutual)


@transaction.atomic
def block_add(*, viewer: MatchProfile, profile: MatchProfile, actor: Any) -> Block:
    """屏蔽: neither member sees the other any more, and the interests between them (both ways) go. The blocked
    member is not told. Blocking twice changes nothing."""
    _pair_checks(viewer, profile)
    _lock_pair(viewer, profile)
    block, _created = Block.objects.get_or_create(from_profile=viewer, to_profile=profile)
    Interest.objects.filter(
        Q(from_profile=viewer, to_profile=profile) | Q(from_profile=profile, to_profile=viewer)
    ).delete()
    return block


@transaction.atomic
def block_remove(*, viewer: MatchProfile, profile: MatchProfile, actor: Any) -> bool:
    """解除屏蔽 (the viewer's own block only; a block the other member made stays). Returns whether a block went.
    Interests removed by the block do not come back."""
    if viewer.pk == profile.pk:
        raise ValidationError("不能对自己的资料操作")
    _lock_pair(viewer, profile)
    deleted, _rows = Block.objects.filter(from_profile=viewer, to_profile=profile).delete()
    return bool(deleted)
