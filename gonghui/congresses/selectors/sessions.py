"""Reads of part sessions: 会议: sessions (次, agenda, documents, proposal window), attendance by check-in code and the
live quorum, motions (open counts or secret ballot on the anonymous-response store), resolutions published,
extraordinary-session petitions.

Console reads go through `visible_to` / `get_visible_or_404`; portal reads decide from the member's seat (a delegate
of the session's congress) or their staff membership of the unit (published resolutions only)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from gonghui.accounts.scoping import has_action
from gonghui.checkins.models import CheckIn
from gonghui.members.models import Member
from gonghui.responses.choices import CollectionStatus
from gonghui.responses.kinds import kind_for, owner_fields
from gonghui.responses.models import AnonymousAnswer, Collection, Participation

from .. import rules, seats
from ..choices import BallotKind, DelegateRole, MotionStatus, PetitionStatus, SessionStatus
from ..models import Congress, CongressSession, Delegate, Motion, SessionPetition
from ..permissions import MANAGE, VIEW

CHECKIN_KIND = "congresses.session"
CHECKIN_OPENS_BEFORE = dt.timedelta(hours=2)
VOTE_QUESTION = "vote"
VOTE_FOR, VOTE_AGAINST, VOTE_ABSTAIN = "赞成", "反对", "弃权"
VOTE_OPTIONS = (VOTE_FOR, VOTE_AGAINST, VOTE_ABSTAIN)


# --- console: sessions ------------------------------------------------------------------------------------------
def congress_or_404(user: Any, public_id: Any, *, demand: str | None = None) -> Congress:
    return Congress.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=demand, public_id=public_id
    )


def session_or_404(user: Any, public_id: Any, *, demand: str | None = None) -> CongressSession:
    return CongressSession.objects.select_related("congress", "congress__org").get_visible_or_404(
        user, VIEW, demand=demand, public_id=public_id
    )


def motion_or_404(user: Any, public_id: Any, *, demand: str | None = None) -> Motion:
    return Motion.objects.select_related(
        "session", "session__congress", "session__congress__org"
    ).get_visible_or_404(user, VIEW, demand=demand, public_id=public_id)


def can_manage_session(user: Any, session: CongressSession) -> bool:
    return has_action(user, MANAGE, session.congress.org)


def next_session_number(congress: Congress) -> int:
    return (CongressSession.objects.filter(congress=congress).aggregate(n=Max("number"))["n"] or 0) + 1


def session_motions(session: CongressSession) -> list[Motion]:
    return list(Motion.objects.filter(session=session).order_by("sort_order", "id"))


def petitions_list_for_user(user: Any, *, status: str = "", query: str = "") -> QuerySet[SessionPetition]:
    """临时会议提议 of the congresses the user sees, with the number of signatures."""
    rows = (
        SessionPetition.objects.visible_to(user, VIEW)
        .select_related("congress", "congress__org", "started_by__member", "session")
        .annotate(signed=Count("signatures"))
    )
    if status:
        rows = rows.filter(status=status)
    if query:
        rows = rows.filter(Q(reason__icontains=query) | Q(congress__org__name__icontains=query))
    return rows.order_by("-created_at", "-pk")


def petition_or_404(user: Any, public_id: Any, *, demand: str | None = None) -> SessionPetition:
    return SessionPetition.objects.select_related("congress", "congress__org").get_visible_or_404(
        user, VIEW, demand=demand, public_id=public_id
    )


# --- check-ins and the quorum -----------------------------------------------------------------------------------
def session_window(session: CongressSession) -> tuple[dt.datetime, dt.datetime]:
    """Check-ins from two hours before the opening to the end of the session."""
    return session.starts_at - CHECKIN_OPENS_BEFORE, session.ends_at


def session_admits(member: Any, session: CongressSession) -> bool:
    """Delegates in office of every role (正式、列席、特邀); in 大会 mode all the unit's staff."""
    congress = session.congress
    if congress.is_assembly:
        return seats.is_unit_staff(member, congress.org)
    return Delegate.objects.filter(congress=congress, member_id=member.pk, ended_on__isnull=True).exists()


def session_can_scan(user: Any, session: CongressSession) -> bool:
    return can_manage_session(user, session)


def session_checkins(session: CongressSession) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(target_kind=CHECKIN_KIND, target_id=session.pk).select_related(
        "member", "member__org"
    )


def _admitted(session: CongressSession) -> QuerySet[Member]:
    congress = session.congress
    if congress.is_assembly:
        return seats.unit_staff(congress.org).select_related("org")
    ids = Delegate.objects.filter(congress=congress, ended_on__isnull=True).values("member_id")
    return Member.objects.filter(pk__in=ids).select_related("org")


def admitted_member_by_number(session: CongressSession, number: str) -> Member | None:
    """The admitted member with this member or card number (nobody else: a scanner learns nothing of others)."""
    number = number.strip()
    if not number:
        return None
    return _admitted(session).filter(Q(member_number=number) | Q(card_number=number)).first()


def admitted_member_by_public_id(session: CongressSession, public_id: str) -> Member | None:
    if not public_id:
        return None
    try:
        return _admitted(session).filter(public_id=public_id).first()
    except ValueError:
        return None


@dataclass(frozen=True)
class Quorum:
    """The live quorum: who counts (全体正式代表, or in 大会 mode all staff), how many of them checked in, the two
    thirds needed, and the observers and invited delegates present (they attend, they do not count)."""

    electorate: int
    present: int
    needed: int
    others_present: int
    is_assembly: bool

    @property
    def reached(self) -> bool:
        return rules.has_quorum(self.present, self.electorate)

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.present)

    @property
    def percent(self) -> int:
        return round(100 * self.present / self.electorate) if self.electorate else 0


def electorate_now(congress: Congress) -> int:
    return rules.electorate_of(congress, seats.full_delegates(congress).count())


def session_quorum(session: CongressSession) -> Quorum:
    congress = session.congress
    electorate = electorate_now(congress)
    checked = CheckIn.objects.filter(target_kind=CHECKIN_KIND, target_id=session.pk)
    if congress.is_assembly:
        present, others = checked.count(), 0
    else:
        roles = Counter(
            Delegate.objects.filter(
                congress=congress, ended_on__isnull=True, member_id__in=checked.values("member_id")
            ).values_list("role", flat=True)
        )
        present = roles[DelegateRole.FULL]
        others = sum(roles.values()) - present
    return Quorum(
        electorate=electorate,
        present=present,
        needed=rules.quorum_needed(electorate),
        others_present=others,
        is_assembly=congress.is_assembly,
    )


def absent_full_delegates(session: CongressSession) -> QuerySet[Delegate]:
    """The full delegates not yet checked in (not shown in 大会 mode: the staff list is the org's)."""
    checked = CheckIn.objects.filter(target_kind=CHECKIN_KIND, target_id=session.pk).values("member_id")
    return (
        seats.full_delegates(session.congress)
        .exclude(member_id__in=checked)
        .select_related("member", "delegation")
        .order_by("delegation__sort_order", "member__name")
    )


# --- secret ballots ---------------------------------------------------------------------------------------------
def ballot_population(motion: Motion) -> QuerySet[Member]:
    """Who may vote in a secret ballot: the members of the electorate (full delegates in office, all staff in 大会
    mode)."""
    congress = motion.session.congress
    if congress.is_assembly:
        return seats.unit_staff(congress.org)
    return Member.objects.filter(pk__in=seats.full_delegates(congress).values("member_id"))


def ballot_turnout(motion: Motion) -> int:
    """How many took part (never who answered what)."""
    return Participation.objects.filter(**owner_fields(kind_for(motion), motion)).count()


def ballot_tally(motion: Motion) -> tuple[int, int, int]:
    """For / against / abstain of a closed secret ballot, read from the written anonymous answers only. A ballot's
    tally is its outcome and is announced whatever the turnout (the store's ten-answer rule is for breakdowns of
    surveys; this kind keeps no attributes, so nothing but the three totals is read)."""
    fields = owner_fields(kind_for(motion), motion)
    if not Collection.objects.filter(**fields, status=CollectionStatus.CLOSED).exists():
        return 0, 0, 0
    counts: Counter[str] = Counter(
        (answers or {}).get(VOTE_QUESTION, "")
        for answers in AnonymousAnswer.objects.filter(**fields).values_list("answers", flat=True)
    )
    return counts[VOTE_FOR], counts[VOTE_AGAINST], counts[VOTE_ABSTAIN]


# --- portal -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PortalSession:
    """A session as a member reads it: as a delegate of its congress (`seat`) or as the unit's staff."""

    session: CongressSession
    seat: Delegate | None
    is_staff: bool

    @property
    def is_voter(self) -> bool:
        congress = self.session.congress
        if congress.is_assembly:
            return self.is_staff
        return self.seat is not None and self.seat.role == DelegateRole.FULL


def portal_session_or_404(member: Member, public_id: Any) -> PortalSession:
    """A session of a congress where the member holds a seat, or of the member's unit; else 404."""
    try:
        session = (
            CongressSession.objects.select_related("congress", "congress__org")
            .filter(public_id=public_id)
            .first()
        )
    except ValueError:
        session = None
    if session is None:
        raise Http404
    seat = seats.seat_in(session.congress, member)
    staff = seats.is_unit_staff(member, session.congress.org)
    if seat is None and not staff:
        raise Http404
    return PortalSession(session=session, seat=seat, is_staff=staff)


def portal_motion_or_404(member: Member, public_id: Any) -> Motion:
    try:
        motion = (
            Motion.objects.select_related("session", "session__congress", "session__congress__org")
            .filter(public_id=public_id)
            .first()
        )
    except ValueError:
        motion = None
    if motion is None:
        raise Http404
    portal_session_or_404(member, motion.session.public_id)
    return motion


@dataclass(frozen=True)
class BallotLine:
    motion: Motion
    receipt: str  # the member's receipt code once voted, else ""


def checked_in_at(session: CongressSession, member: Member) -> dt.datetime | None:
    """When the member checked in at the session (None: not yet)."""
    return (
        CheckIn.objects.filter(target_kind=CHECKIN_KIND, target_id=session.pk, member=member)
        .values_list("at", flat=True)
        .first()
    )


def portal_ballots(member: Member, session: CongressSession) -> list[BallotLine]:
    """The secret ballots of the session now open or decided, with the member's own receipt (never the choice)."""
    motions = list(
        Motion.objects.filter(session=session, ballot_kind=BallotKind.SECRET)
        .exclude(status=MotionStatus.DRAFT)
        .order_by("sort_order", "id")
    )
    if not motions:
        return []
    kind = kind_for(motions[0])
    fields = owner_fields(kind, motions[0])
    receipts = dict(
        Participation.objects.filter(
            kind=kind.key,
            content_type=fields["content_type"],
            object_id__in=[str(m.pk) for m in motions],
            member=member,
        ).values_list("object_id", "receipt_code")
    )
    return [BallotLine(motion=m, receipt=receipts.get(str(m.pk), "")) for m in motions]


def published_resolutions(session: CongressSession) -> list[Motion]:
    return list(
        Motion.objects.filter(session=session, published_at__isnull=False).order_by("sort_order", "id")
    )


def portal_sessions_of_member(member: Member) -> list[CongressSession]:
    """Sessions not yet closed of the congresses where the member holds a seat (for the 民主管理 hub)."""
    congress_ids = seats.current_seats(member).values("congress_id")
    return list(
        CongressSession.objects.filter(congress_id__in=congress_ids)
        .exclude(status=SessionStatus.CLOSED)
        .select_related("congress", "congress__org")
        .order_by("starts_at")
    )


def full_seats(member: Member) -> list[Delegate]:
    """The member's full-delegate seats in current congresses (who may start and sign petitions)."""
    return list(seats.current_seats(member).filter(role=DelegateRole.FULL))


def portal_petitions(member: Member) -> list[SessionPetition]:
    """Petitions of the congresses where the member is a full delegate, with their signature counts."""
    congress_ids = [seat.congress_id for seat in full_seats(member)]
    return list(
        SessionPetition.objects.filter(congress_id__in=congress_ids)
        .select_related("congress", "congress__org", "started_by__member")
        .annotate(signed=Count("signatures"))
        .order_by("-created_at", "-pk")
    )


def portal_petition_or_404(member: Member, public_id: Any) -> tuple[SessionPetition, Delegate]:
    try:
        petition = (
            SessionPetition.objects.select_related(
                "congress", "congress__org", "started_by__member", "session"
            )
            .filter(public_id=public_id)
            .first()
        )
    except ValueError:
        petition = None
    seat = seats.seat_in(petition.congress, member) if petition is not None else None
    if petition is None or seat is None or seat.role != DelegateRole.FULL:
        raise Http404
    return petition, seat


def petition_progress(petition: SessionPetition) -> tuple[int, int]:
    """(signatures, threshold): one third of the full delegates in office."""
    signed = petition.signatures.count()
    return signed, rules.petition_threshold(seats.full_delegates(petition.congress).count())


def has_signed(petition: SessionPetition, seat: Delegate) -> bool:
    return petition.signatures.filter(delegate=seat).exists()


def open_petition_statuses() -> tuple[str, ...]:
    return (PetitionStatus.COLLECTING, PetitionStatus.REACHED)
