"""Who an activity is for. The default audience, "org", is the holding members of the organiser's subtree narrowed
by the activity's member filter (women only, an age band, a tag …: `members.selectors.filters.MemberFilter`). Other
apps may register an audience of their own in their `ready()` (the volunteers of a team, the delegates of a
congress):

    activity_audiences.register("congresses.delegates", ActivityAudience(key="congresses.delegates",
        label="本届代表", members_q=lambda activity: Q(...), order=50))

`members_q(activity)` is a condition on `members.Member` naming everyone the activity admits (the organiser's
subtree is always added to it)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from gonghui.core.registry import Registry
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.members.selectors.filters import MemberFilter, member_filter_matches, member_filter_q

from .models.events import ORG_AUDIENCE, Activity


@dataclass(frozen=True)
class ActivityAudience:
    key: str
    label: str
    members_q: Callable[[Any], Q]  # (activity) -> who it admits, as a Q on Member
    order: int = 100
    # A private audience (the single members who opted in to 婚恋交友): the organiser sees only its size, a small
    # one as "<10"; sign-up is required (only those who sign up are ever listed); the audience is never listed or
    # exported. `invite(activity, actor) -> int` sends the invitations through the registering app and returns
    # how many went out.
    private: bool = False
    invite: Callable[[Any, Any], int] | None = None
    # `invited(activity) -> bool`: have the invitations of `activity` gone out already (they go out once)?
    invited: Callable[[Any], bool] | None = None


activity_audiences: Registry[ActivityAudience] = Registry("activity audience")


def _org_members_q(activity: Activity) -> Q:
    return member_filter_q(MemberFilter.from_dict(activity.member_filter))


activity_audiences.register(
    ORG_AUDIENCE,
    ActivityAudience(
        key=ORG_AUDIENCE, label="本级及下级会员（可按条件筛选）", members_q=_org_members_q, order=0
    ),
)


def audience_q(activity: Activity) -> Q:
    """Everyone `activity` admits: holding members of the organiser's subtree within its audience."""
    audience = (
        activity_audiences.get(activity.audience_key)
        if activity.audience_key in activity_audiences
        else activity_audiences.get(ORG_AUDIENCE)
    )
    return (
        Q(org__path__startswith=activity.org.path)
        & Q(status__in=HOLDING_STATUSES)
        & audience.members_q(activity)
    )


def audience_for(activity: Activity) -> ActivityAudience:
    """The audience `activity` names (the default one when its key is no longer registered)."""
    if activity.audience_key in activity_audiences:
        return activity_audiences.get(activity.audience_key)
    return activity_audiences.get(ORG_AUDIENCE)


def audience_admits(activity: Activity, member: Member) -> bool:
    """Does `activity` admit `member`? (In Python for the default audience, one query otherwise.)"""
    if not member.org.path.startswith(activity.org.path) or member.status not in HOLDING_STATUSES:
        return False
    if activity.audience_key in (ORG_AUDIENCE, "") or activity.audience_key not in activity_audiences:
        return member_filter_matches(MemberFilter.from_dict(activity.member_filter), member)
    return Member.objects.filter(audience_q(activity), pk=member.pk).exists()


def audience_choices() -> list[tuple[str, str]]:
    return [(audience.key, audience.label) for audience in activity_audiences]
