"""Selectors of part exercise — 工间操: routines a cadre sees (its union's subtree, and those published above it
for it to adopt), adoptions and their sessions, the scanner's member lookups, the rates rolled up the tree, and
the member's own routines on the portal.

Rates: a **grassroots unit** is an active union of level 基层工会 (OrgLevel.GRASSROOTS) — the unit whose workers do
工间操 together; its 分工会 are inside it. A grassroots unit **adopts** in a month when an adoption at it or at one of
its branches runs during that month. The **participation rate** of a month is the participations (check-in rows
plus confirmed counts) ÷ Σ over adoptions (active members of the adopting unit's subtree × sessions held that
month); a session is held when it has a confirmed count or a check-in. Cells about people (members, participations,
the rate) of a row whose adopting units have under MIN_CELL members read “<10”; a row with no adopting unit reads “—”."""

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.scoping import above_q, action_paths
from gonghui.attachments.models import Attachment
from gonghui.checkins.models import CheckIn
from gonghui.checkins.selectors import checkins_of_target
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org

from ..models import ExerciseAdoption, ExerciseParticipation, ExerciseRoutine, ExerciseSession
from ..permissions import MANAGE, MIN_CELL, VIEW, can_manage_for

HIDDEN = f"<{MIN_CELL}"


# --- routines ----------------------------------------------------------------------------------------------
def routines_for_user(user: Any, *, query: str = "", state: str = "") -> QuerySet[ExerciseRoutine]:
    """Routines of the user's subtrees and those published above them (a unit adopts what its superiors publish)."""
    qs = ExerciseRoutine.objects.filter(
        ExerciseRoutine.visible_q(user, VIEW) | above_q(user, VIEW, path_field="org__path")
    )
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(description__icontains=query))
    if state == "active":
        qs = qs.filter(active=True)
    elif state == "stopped":
        qs = qs.filter(active=False)
    active_adoptions = Q(adoptions__stopped_on__isnull=True)
    return (
        qs.select_related("org")
        .annotate(adoption_count=Count("adoptions", filter=active_adoptions))
        .order_by("-active", "-created_at", "-pk")
    )


def routine_for(user: Any, public_id: Any) -> ExerciseRoutine:
    try:
        return routines_for_user(user).get(public_id=public_id)
    except (ExerciseRoutine.DoesNotExist, ValueError):
        raise Http404 from None


def routine_orgs(user: Any) -> QuerySet[Org]:
    """Unions the user may publish a routine for."""
    return Org.objects.visible_to(user, MANAGE).filter(status=OrgStatus.ACTIVE)


def may_manage_routine(user: Any, routine: ExerciseRoutine) -> bool:
    return can_manage_for(user, routine.org)


def adopt_orgs(user: Any, routine: ExerciseRoutine) -> QuerySet[Org]:
    """Unions the user may register as adopting the routine: those it manages in the routine union's subtree."""
    return routine_orgs(user).filter(path__startswith=routine.org.path)


def video_of(routine: ExerciseRoutine) -> Attachment | None:
    return Attachment.objects.filter(
        content_type__app_label="activities", content_type__model="exerciseroutine", object_id=str(routine.pk)
    ).last()


def user_may_play(user: Any, routine: ExerciseRoutine) -> bool:
    """The video's access check: a cadre with VIEW on a union in the routine's subtree (or above it), or a member
    of a unit in that subtree."""
    path = routine.org.path
    if any(p.startswith(path) or path.startswith(p) for p in action_paths(user, VIEW)):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return Member.objects.filter(user=user, status=MemberStatus.ACTIVE, org__path__startswith=path).exists()


# --- adoptions and sessions --------------------------------------------------------------------------------
def adoptions_of(user: Any, routine: ExerciseRoutine) -> QuerySet[ExerciseAdoption]:
    return ExerciseAdoption.objects.visible_to(user, VIEW).filter(routine=routine).select_related("org")


def adoption_for(user: Any, public_id: Any) -> ExerciseAdoption:
    return ExerciseAdoption.objects.select_related("org", "routine", "routine__org").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def session_of_day(adoption: ExerciseAdoption, day: dt.date) -> ExerciseSession | None:
    return (
        ExerciseSession.objects.filter(adoption=adoption, held_on=day)
        .select_related("confirmed_by")
        .annotate(checked_in=Count("participations"))
        .first()
    )


def recent_sessions(adoption: ExerciseAdoption) -> QuerySet[ExerciseSession]:
    return (
        ExerciseSession.objects.filter(adoption=adoption)
        .select_related("confirmed_by")
        .annotate(checked_in=Count("participations"))
        .order_by("-held_on")
    )


def session_checkins(session: ExerciseSession) -> QuerySet[CheckIn]:
    return checkins_of_target(session)


def member_for_scan(adoption: ExerciseAdoption, number: str) -> Member | None:
    """The member a scanner typed the 会员编号 or 会员卡号 of, only among the adopting unit's members."""
    number = number.strip()
    if not number:
        return None
    return (
        Member.objects.filter(Q(member_number=number) | Q(card_number=number))
        .filter(org__path__startswith=adoption.org.path, status=MemberStatus.ACTIVE)
        .select_related("org")
        .first()
    )


def member_in_adoption(adoption: ExerciseAdoption, public_id: Any) -> Member | None:
    try:
        UUID(str(public_id))
    except ValueError:
        return None
    return (
        Member.objects.filter(public_id=public_id, org__path__startswith=adoption.org.path)
        .select_related("org")
        .first()
    )


# --- rates -------------------------------------------------------------------------------------------------
def rate_roots(user: Any) -> QuerySet[Org]:
    """Unions whose rates the user may read (the tops of its subtrees and every union under them)."""
    return Org.objects.visible_to(user, VIEW).filter(status=OrgStatus.ACTIVE)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass
class RateRow:
    org: Org
    is_total: bool
    grassroots: int
    adopting: int
    adoption_rate: str
    members: str
    sessions: int
    participations: str
    participation_rate: str


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def exercise_rates(root: Org, month: dt.date) -> list[RateRow]:
    """The root union (its whole subtree) then each child union (rolled up over its subtree), for `month`."""
    first, last = month_bounds(month)
    orgs = list(
        Org.objects.filter(path__startswith=root.path, status=OrgStatus.ACTIVE).only(
            "path", "level", "depth", "name"
        )
    )
    grassroots = [o.path for o in orgs if o.level == OrgLevel.GRASSROOTS]
    adoptions = list(
        ExerciseAdoption.objects.filter(org__path__startswith=root.path, started_on__lte=last)
        .filter(Q(stopped_on__isnull=True) | Q(stopped_on__gt=first))
        .values_list("pk", "org__path")
    )
    members_at: dict[str, int] = dict(
        Member.objects.filter(org__path__startswith=root.path, status=MemberStatus.ACTIVE)
        .values_list("org__path")
        .annotate(n=Count("pk"))
        .values_list("org__path", "n")
    )
    held: dict[int, list[int]] = {}  # adoption → [sessions held, participations]
    sessions = (
        ExerciseSession.objects.filter(
            adoption__org__path__startswith=root.path, held_on__range=(first, last)
        )
        .annotate(parts=Count("participations"))
        .values_list("adoption_id", "confirmed_count", "parts")
    )
    for adoption_id, confirmed, parts in sessions:
        if confirmed is None and not parts:
            continue
        tally = held.setdefault(adoption_id, [0, 0])
        tally[0] += 1
        tally[1] += (confirmed or 0) + parts
    adoption_members = {
        pk: sum(n for p, n in members_at.items() if p.startswith(path)) for pk, path in adoptions
    }
    rows_orgs = [root] + [o for o in orgs if o.depth == root.depth + 1]
    rows = []
    for org in rows_orgs:
        units = [g for g in grassroots if g.startswith(org.path)]
        mine = [(pk, path) for pk, path in adoptions if path.startswith(org.path)]
        adopting = sum(1 for g in units if any(path.startswith(g) for _, path in mine))
        people = sum(adoption_members[pk] for pk, _ in mine)
        sessions_held = sum(held.get(pk, [0, 0])[0] for pk, _ in mine)
        parts = sum(held.get(pk, [0, 0])[1] for pk, _ in mine)
        slots = sum(adoption_members[pk] * held.get(pk, [0, 0])[0] for pk, _ in mine)
        small = 0 < people < MIN_CELL  # no adopting unit: nothing about people to hide, show “—”
        none = "—" if not mine else None
        rows.append(
            RateRow(
                org=org,
                is_total=org is root,
                grassroots=len(units),
                adopting=adopting,
                adoption_rate=_percent(adopting, len(units)),
                members=none or (HIDDEN if small else str(people)),
                sessions=sessions_held,
                participations=none or (HIDDEN if small else str(parts)),
                participation_rate=none or (HIDDEN if small else _percent(parts, slots)),
            )
        )
    return rows


# --- the member's page -------------------------------------------------------------------------------------
def member_adoptions(member: Member) -> list[ExerciseAdoption]:
    """The adoptions running for the member's unit: at its union or at a union above it."""
    today = timezone.localdate()
    return list(
        ExerciseAdoption.objects.filter(
            org__path__in=member.org.ancestor_paths(), routine__active=True, started_on__lte=today
        )
        .filter(Q(stopped_on__isnull=True) | Q(stopped_on__gt=today))
        .select_related("routine", "org")
        .order_by("time_of_day")
    )


def member_month_count(member: Member) -> int:
    first, last = month_bounds(timezone.localdate())
    return ExerciseParticipation.objects.filter(member=member, session__held_on__range=(first, last)).count()
