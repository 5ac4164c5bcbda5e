"""Registrations of part exercise: the check-in target of a 工间操 session (a member of the adopting unit checks
in on the day, from an hour before the time to an hour after it ends; the check-in records the participation),
the access check of a routine's video, and the member's 工间操 tile."""

import datetime as dt
from typing import Any

from django.utils import timezone

SESSION_TARGET = "activities.exercisesession"
ROUTINE_OWNER = "activities.exerciseroutine"
PORTAL_TILE = "activities.exercise"
MARGIN = dt.timedelta(hours=1)


def session_window(session: Any) -> tuple[dt.datetime, dt.datetime]:
    adoption = session.adoption
    starts = timezone.make_aware(dt.datetime.combine(session.held_on, adoption.time_of_day))
    return starts - MARGIN, starts + dt.timedelta(minutes=adoption.routine.minutes) + MARGIN


def _find(user: Any, public_id: Any) -> Any:
    from ..models import ExerciseSession
    from ..permissions import VIEW

    return ExerciseSession.objects.select_related(
        "adoption", "adoption__org", "adoption__routine"
    ).get_visible_or_404(user, VIEW, public_id=public_id)


def _can_scan(user: Any, session: Any) -> bool:
    from ..permissions import can_manage_for

    return can_manage_for(user, session.adoption.org)


def _admits(member: Any, session: Any) -> bool:
    from gonghui.members.choices import MemberStatus

    return bool(
        member.status == MemberStatus.ACTIVE and member.org.path.startswith(session.adoption.org.path)
    )


def _title(session: Any) -> str:
    return f"工间操 {session.adoption.routine.name}（{session.held_on:%Y-%m-%d}）"


def _on_checkin(session: Any, check_in: Any, actor: Any) -> None:
    from ..services.exercise import participation_from_checkin

    participation_from_checkin(session, check_in, actor)


def _may_play(user: Any, routine: Any) -> bool:
    from ..selectors.exercise import user_may_play

    return user_may_play(user, routine)


def _tile_shown(user: Any) -> bool:
    """The 工间操 tile only for a member whose unit (or a union above it) runs one."""
    from gonghui.members.selectors.registry import member_for_user

    from ..selectors.exercise import member_adoptions

    member = member_for_user(user)
    return member is not None and bool(member_adoptions(member))


def register() -> None:
    """Called once from ActivitiesConfig.ready()."""
    from gonghui.attachments.policies import attachment_access
    from gonghui.checkins.targets import CheckinTarget, checkin_targets
    from gonghui.core.registry import PortalTile, portal_tiles

    if SESSION_TARGET not in checkin_targets:
        checkin_targets.register(
            SESSION_TARGET,
            CheckinTarget(
                key=SESSION_TARGET,
                label="工间操",
                model=SESSION_TARGET,
                find=_find,
                can_scan=_can_scan,
                window=session_window,
                admits=_admits,
                org_of=lambda session: session.adoption.org,
                title_of=_title,
                on_checkin=_on_checkin,
            ),
        )
    if ROUTINE_OWNER not in attachment_access:
        attachment_access.register(ROUTINE_OWNER, _may_play)
    if PORTAL_TILE not in portal_tiles:
        portal_tiles.register(
            PORTAL_TILE,
            PortalTile(
                key=PORTAL_TILE,
                label="工间操",
                url_name="activities_portal:exercise",
                icon="users",
                order=66,
                description="本单位工间操视频和时间地点",
                shown=_tile_shown,
            ),
        )
