"""The demo's meetings, shared by the 民主管理 seeders: the clock, the cadres, electing delegates, holding a
session (check-ins, votes, resolutions)."""

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.checkins.choices import CheckinMethod
from gonghui.checkins.models import CheckIn
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.responses.kinds import kind_for
from gonghui.responses.selectors import participant_ids

from .choices import (
    BallotKind,
    MotionStatus,
    SessionStatus,
)
from .models import (
    Congress,
    CongressSession,
    Delegate,
    Delegation,
    Motion,
)
from .selectors.sessions import CHECKIN_KIND, VOTE_ABSTAIN, VOTE_AGAINST, VOTE_FOR
from .services.congress import delegate_add, delegation_create
from .services.sessions import (
    MotionInput,
    SessionInput,
    motion_ballot_close,
    motion_ballot_open,
    motion_create,
    motion_record_open,
    motion_vote,
    resolution_publish,
    session_close,
    session_create,
    session_open,
)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(at(day, hour, minute))


@contextmanager
def on_day(day: dt.date, hour: int = 10, minute: int = 0) -> Iterator[None]:
    """Run under `demo_clock` on a past day; a day not yet come is left to run now (never in the future)."""
    with demo_clock(at(min(day, timezone.localdate()), hour, minute)):
        yield


def user_named(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def admin_of(org: Org) -> User | None:
    return user_named(f"{org.code.lower()}_admin")


def holding(org: Org) -> Any:
    return Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES)


# --- sessions: attendance, votes, resolutions ---------------------------------------------------------------------
def check_in(session: CongressSession, members: list[Member], actor: User, at: dt.datetime) -> None:
    """The present checked in by hand at the door, 20 seconds apart (written as rows: a check-in has no timeline
    or notification, and the organiser's desk would take a minute per hundred)."""
    done = set(
        CheckIn.objects.filter(target_kind=CHECKIN_KIND, target_id=session.pk).values_list(
            "member_id", flat=True
        )
    )
    content_type = ContentType.objects.get_for_model(CongressSession)
    CheckIn.objects.bulk_create(
        CheckIn(
            target_kind=CHECKIN_KIND,
            target_type=content_type,
            target_id=session.pk,
            org=session.congress.org,
            member=member,
            method=CheckinMethod.MANUAL,
            by=actor,
            at=at + dt.timedelta(seconds=20 * offset),
        )
        for offset, member in enumerate(members)
        if member.pk not in done
    )


def _secret_ballot_ready(motion: Motion) -> bool:
    try:
        kind_for(motion)
    except LookupError:
        return False
    return True


def decide(motion: Motion, voters: list[Member], actor: User, day: dt.date, resolution: str) -> None:
    """Vote on the motion (almost all in favour) and publish its resolution."""
    count = len(voters)
    against, abstain = (1, 1) if count > 10 else (0, 0)
    if motion.status == MotionStatus.DRAFT and motion.ballot_kind == BallotKind.OPEN:
        with on_day(day, 10, 30 + motion.sort_order // 10):
            motion = motion_record_open(
                motion=motion,
                votes_for=count - against - abstain,
                votes_against=against,
                votes_abstain=abstain,
                actor=actor,
            )
    elif motion.ballot_kind == BallotKind.SECRET and _secret_ballot_ready(motion):
        if motion.status == MotionStatus.DRAFT:
            with on_day(day, 11):
                motion = motion_ballot_open(motion=motion, actor=actor)
        if motion.status == MotionStatus.VOTING:
            choices = [VOTE_AGAINST] * 2 + [VOTE_ABSTAIN] * 3 + [VOTE_FOR] * count
            voted = {row["member_id"] for row in participant_ids(motion)}
            with on_day(day, 11, 5):
                for member, choice in zip(voters, choices, strict=False):
                    if member.pk not in voted:
                        motion_vote(motion=motion, member=member, choice=choice)
            with on_day(day, 11, 20):
                motion = motion_ballot_close(motion=motion, actor=actor)
    elif motion.status == MotionStatus.DRAFT:  # no ballot store registered yet: the counts only
        Motion.objects.filter(pk=motion.pk).update(
            status=MotionStatus.DECIDED,
            electorate=count,
            votes_for=count - 5,
            votes_against=2,
            votes_abstain=3,
            passed=True,
            decided_at=aware(day, 11, 20),
        )
        motion.refresh_from_db()
    if motion.status == MotionStatus.DECIDED and motion.published_at is None:
        with on_day(day, 16):
            resolution_publish(motion=motion, resolution=resolution, actor=actor)


def session_of(
    congress: Congress,
    actor: User,
    *,
    number: int,
    title: str,
    starts: dt.datetime,
    agenda: str = "",
    window: tuple[dt.date, dt.date] | None = None,
    created: dt.date,
) -> CongressSession:
    session = CongressSession.objects.filter(congress=congress, number=number).first()
    if session is None:
        with on_day(created, 9):
            session = session_create(
                congress=congress,
                data=SessionInput(
                    title=title,
                    starts_at=timezone.make_aware(starts),
                    ends_at=timezone.make_aware(starts + dt.timedelta(hours=3, minutes=30)),
                    venue=f"{congress.org.unit_name}学术报告厅",
                    agenda=agenda,
                    proposals_open_on=window[0] if window else None,
                    proposals_close_on=window[1] if window else None,
                ),
                actor=actor,
            )
    return session


def hold(
    session: CongressSession,
    actor: User,
    present: list[Member],
    motions: list[tuple[str, str, str]],
    summary: str = "",
) -> CongressSession:
    """Open the session, check the present in, decide the motions, publish the resolutions and close it."""
    start = timezone.localtime(session.starts_at)
    day = start.date()
    if session.status == SessionStatus.PLANNED:
        for order, (title, ballot, _resolution) in enumerate(motions, start=1):
            if not session.motions.filter(title=title).exists():
                with on_day(day - dt.timedelta(days=3), 15):
                    motion_create(
                        session=session,
                        data=MotionInput(title=title, ballot_kind=ballot, sort_order=order * 10),
                        actor=actor,
                    )
        with on_day(day, start.hour, start.minute):
            session = session_open(session=session, actor=actor)
    if session.status == SessionStatus.IN_SESSION:
        check_in(session, present, actor, start - dt.timedelta(minutes=40))
        for title, _ballot, resolution in motions:
            motion = session.motions.get(title=title)
            decide(motion, present, actor, day, resolution)
        with on_day(day, start.hour + 3, 20):
            session = session_close(session=session, actor=actor, summary=summary)
    else:
        for title, _ballot, resolution in motions:
            decided = session.motions.filter(
                title=title, status=MotionStatus.DECIDED, published_at=None
            ).first()
            if decided is not None:
                with on_day(day, 16):
                    resolution_publish(motion=decided, resolution=resolution, actor=actor)
    return session


def _seating_day(congress: Congress) -> dt.date:
    """The term's first day, or the day the congress was recorded when that came later (the timeline keeps order)."""
    return max(congress.term_started_on, timezone.localdate(congress.created_at))


def delegations_of(congress: Congress, actor: User, names: list[str]) -> list[Delegation]:
    have = {d.name: d for d in congress.delegations.all()}
    with on_day(_seating_day(congress), 9, 10):
        for name in names:
            if name not in have:
                have[name] = delegation_create(actor=actor, congress=congress, name=name)
    return [have[name] for name in names]


def seat_all(
    congress: Congress,
    actor: User,
    chosen: Sequence[tuple[Member, Delegation | None, str, bool, bool]],
) -> list[Delegate]:
    """Elect the chosen (member, 代表团, role, 主席团, 提案工作委员会) not seated yet; the seats in order."""
    seated = {d.member_id: d for d in Delegate.objects.filter(congress=congress)}
    elected = congress.term_started_on - dt.timedelta(days=10)
    with on_day(_seating_day(congress), 9, 30):
        for member, delegation, role, presidium, committee in chosen:
            if member.pk not in seated:
                seated[member.pk] = delegate_add(
                    actor=actor,
                    congress=congress,
                    member=member,
                    role=role,
                    delegation=delegation,
                    is_presidium=presidium,
                    on_proposal_committee=committee,
                    elected_on=elected,
                )
    return [seated[m.pk] for m, *_rest in chosen]
