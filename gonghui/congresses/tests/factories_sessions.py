"""Sessions for tests of part sessions, built through the services (a session in progress with checked-in
delegates, a motion)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.checkins.services import checkin_manual
from gonghui.congresses.models import Congress, CongressSession, Delegate, Motion
from gonghui.congresses.services import sessions as services

from .factories import make_congress, make_delegates


def session_now(*, congress: Congress, actor: Any, title: str = "第1届第1次会议") -> CongressSession:
    """A session of `congress` that started 30 minutes ago (check-ins open), still 筹备中."""
    starts = timezone.now() - dt.timedelta(minutes=30)
    return services.session_create(
        congress=congress,
        data=services.SessionInput(
            title=title,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=4),
            agenda="听取工作报告\n审议方案",
        ),
        actor=actor,
    )


def check_in(session: CongressSession, delegates: list[Delegate], actor: Any) -> None:
    for delegate in delegates:
        checkin_manual(target=session, member=delegate.member, actor=actor)


def open_session(
    *, org: Any, actor: Any, delegates: int = 6, present: int = 5, **congress_extra: Any
) -> tuple[CongressSession, list[Delegate]]:
    """A congress of `org` with `delegates` full delegates (with portal accounts), its session opened with the first
    `present` checked in."""
    congress = make_congress(org=org, actor=actor, **congress_extra)
    seats = make_delegates(congress, delegates, with_users=True)
    session = session_now(congress=congress, actor=actor)
    check_in(session, seats[:present], actor)
    services.session_open(session=session, actor=actor)
    session.refresh_from_db()
    return session, seats


def motion(
    session: CongressSession, actor: Any, *, secret: bool = False, title: str = "学校工作报告"
) -> Motion:
    return services.motion_create(
        session=session,
        data=services.MotionInput(title=title, ballot_kind="secret" if secret else "open"),
        actor=actor,
    )
