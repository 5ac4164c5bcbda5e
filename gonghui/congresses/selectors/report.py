"""Reads of part report (公开与报告): the session a cadre reports on, the congress report's figures (counts by kind,
status and category; 立案率, 按期答复率, 满意率 overall and per 主办 department), the candidates and winners of 优秀提案
and 提案承办先进单位 (a review round owned by the session), and the published proposals a unit's staff read.

Definitions (the report prints them): 收到 = every proposal and 意见建议 of the session except those still 征集附议 or
withdrawn; 立案率 = 立案 (a 提案 past review: 已立案待交办 … 已办结) ÷ 收到; 按期答复率 = proposals whose first reply
was recorded on or before `deadline_on` (no deadline counts as on time) ÷ replied proposals; 满意率 = (满意 + 基本满意)
÷ rated proposals, each proposal by its latest rated reply (after 重新办理 the round-2 rating counts)."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.reviews.choices import RoundStatus
from gonghui.reviews.models import ReviewEntry, ScoreSheetTemplate
from gonghui.reviews.selectors import round_results

from ..choices import (
    HandlerRole,
    HonourKind,
    ProposalCategory,
    ProposalKind,
    ProposalStatus,
    Satisfaction,
)
from ..models import (
    CongressHonour,
    CongressSession,
    HandlingDepartment,
    Proposal,
    ProposalAssignment,
    ProposalReply,
)
from ..permissions import MANAGE, VIEW, can_manage_for

NOT_RECEIVED = (ProposalStatus.SECONDING, ProposalStatus.WITHDRAWN)
ACCEPTED_STATES = (
    ProposalStatus.ACCEPTED,
    ProposalStatus.HANDLING,
    ProposalStatus.REPLIED,
    ProposalStatus.REHANDLING,
    ProposalStatus.CLOSED,
)
# A proposal is published with its replies once a reply exists (or the committee's decision not to accept it).
PUBLISHABLE_STATES = (
    ProposalStatus.REJECTED,
    ProposalStatus.REPLIED,
    ProposalStatus.REHANDLING,
    ProposalStatus.CLOSED,
)
REPLIED_STATES = (ProposalStatus.REPLIED, ProposalStatus.REHANDLING, ProposalStatus.CLOSED)
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASIC)


# --- scoping --------------------------------------------------------------------------------------------------
def session_for_report_or_404(user: Actor, public_id: UUID | str) -> CongressSession:
    """A session of the user's scope for congresses.view (else 404)."""
    return CongressSession.objects.select_related("congress__org", "review_round").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def session_for_manage_or_404(user: Actor, public_id: UUID | str) -> CongressSession:
    """A session the user sees (else 404) and manages on its unit (else 403)."""
    return CongressSession.objects.select_related("congress__org", "review_round").get_visible_or_404(
        user, VIEW, demand=MANAGE, public_id=public_id
    )


def proposal_for_manage_or_404(user: Actor, public_id: UUID | str) -> Proposal:
    return Proposal.objects.select_related("congress__org", "session", "proposer__member").get_visible_or_404(
        user, VIEW, demand=MANAGE, public_id=public_id
    )


def can_manage_session(user: Actor, session: CongressSession) -> bool:
    return can_manage_for(user, session.congress.org)


# --- the report -----------------------------------------------------------------------------------------------
def rate(part: int, whole: int) -> Decimal | None:
    """part ÷ whole in per cent with one decimal (None when nothing to divide)."""
    if whole == 0:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Tally:
    label: str
    count: int


@dataclass
class DepartmentRow:
    """One 主办 department's figures (协办 assignments counted apart)."""

    name: str
    lead: int = 0
    assist: int = 0
    replied: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.replied)

    @property
    def satisfied_rate(self) -> Decimal | None:
        return rate(self.satisfied, self.rated)


@dataclass
class ProposalLine:
    """One proposal as the report lists it."""

    proposal: Proposal
    lead: str
    first_reply: ProposalReply | None
    final_rating: str
    on_time: bool | None
    honoured: bool


@dataclass
class SessionReport:
    session: CongressSession
    total: int = 0
    received: int = 0
    accepted: int = 0
    rejected: int = 0
    suggestions: int = 0
    replied: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    unsatisfied: int = 0
    rehandled: int = 0
    published: int = 0
    publishable: int = 0
    by_kind: list[Tally] = field(default_factory=list)
    by_status: list[Tally] = field(default_factory=list)
    by_category: list[Tally] = field(default_factory=list)
    by_satisfaction: list[Tally] = field(default_factory=list)
    departments: list[DepartmentRow] = field(default_factory=list)
    lines: list[ProposalLine] = field(default_factory=list)

    @property
    def accept_rate(self) -> Decimal | None:
        return rate(self.accepted, self.received)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.replied)

    @property
    def satisfied_rate(self) -> Decimal | None:
        return rate(self.satisfied, self.rated)


def session_proposals(session: CongressSession) -> QuerySet[Proposal]:
    """The session's proposals with their proposer, assignments, replies and honours, in a constant number of
    queries."""
    return (
        Proposal.objects.filter(session=session)
        .select_related("proposer__member")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ProposalAssignment.objects.select_related("department").order_by("role", "id"),
            ),
            Prefetch("replies", queryset=ProposalReply.objects.order_by("round")),
            "honours",
        )
        .order_by("number", "submitted_at", "pk")
    )


def _final_rating(replies: list[ProposalReply]) -> str:
    rated = [reply for reply in replies if reply.satisfaction]
    return rated[-1].satisfaction if rated else ""


def _on_time(proposal: Proposal, first: ProposalReply | None) -> bool | None:
    if first is None:
        return None
    if proposal.deadline_on is None:
        return True
    return timezone.localdate(first.created_at) <= proposal.deadline_on


def session_report(session: CongressSession) -> SessionReport:
    """The figures of the congress report for one session (see the module's definitions)."""
    report = SessionReport(session=session)
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    ratings: Counter[str] = Counter()
    departments: dict[int, DepartmentRow] = {}
    for proposal in session_proposals(session):
        report.total += 1
        kinds[proposal.kind] += 1
        statuses[proposal.status] += 1
        replies = list(proposal.replies.all())
        first = replies[0] if replies else None
        final = _final_rating(replies)
        on_time = _on_time(proposal, first)
        lead_name = ""
        lead_row: DepartmentRow | None = None
        for assignment in proposal.assignments.all():
            row = departments.setdefault(
                assignment.department_id, DepartmentRow(name=assignment.department.name)
            )
            if assignment.role == HandlerRole.LEAD:
                row.lead += 1
                lead_row = row
                lead_name = assignment.department.name
            else:
                row.assist += 1
        if proposal.status not in NOT_RECEIVED:
            report.received += 1
            categories[proposal.category] += 1
        if proposal.kind == ProposalKind.PROPOSAL and proposal.status in ACCEPTED_STATES:
            report.accepted += 1
        if proposal.status == ProposalStatus.REJECTED:
            report.rejected += 1
        if proposal.kind == ProposalKind.SUGGESTION and proposal.status not in NOT_RECEIVED:
            report.suggestions += 1
        if first is not None:
            report.replied += 1
            report.on_time += 1 if on_time else 0
            if lead_row is not None:
                lead_row.replied += 1
                lead_row.on_time += 1 if on_time else 0
        if any(reply.round == 2 for reply in replies):
            report.rehandled += 1
        if final:
            report.rated += 1
            ratings[final] += 1
            report.satisfied += 1 if final in SATISFIED else 0
            report.unsatisfied += 1 if final == Satisfaction.UNSATISFIED else 0
            if lead_row is not None:
                lead_row.rated += 1
                lead_row.satisfied += 1 if final in SATISFIED else 0
        if proposal.published_at is not None:
            report.published += 1
        elif proposal.status in PUBLISHABLE_STATES:
            report.publishable += 1
        report.lines.append(
            ProposalLine(
                proposal=proposal,
                lead=lead_name,
                first_reply=first,
                final_rating=str(Satisfaction(final).label) if final else "",
                on_time=on_time,
                honoured=any(h.kind == HonourKind.EXCELLENT_PROPOSAL for h in proposal.honours.all()),
            )
        )
    report.by_kind = [Tally(str(c.label), kinds[c.value]) for c in ProposalKind]
    report.by_status = [Tally(str(c.label), statuses[c.value]) for c in ProposalStatus if statuses[c.value]]
    report.by_category = [Tally(str(c.label), categories[c.value]) for c in ProposalCategory]
    report.by_satisfaction = [Tally(str(c.label), ratings[c.value]) for c in Satisfaction]
    report.departments = sorted(departments.values(), key=lambda row: (-row.lead, row.name))
    return report


# --- publication ------------------------------------------------------------------------------------------------
def publishable_of_session(session: CongressSession) -> QuerySet[Proposal]:
    """The session's proposals ready to publish (replied, closed or not accepted) and not yet published."""
    return Proposal.objects.filter(
        session=session, published_at__isnull=True, status__in=PUBLISHABLE_STATES
    ).select_related("congress__org")


def published_for_member(member: Member | None, query: str = "") -> QuerySet[Proposal]:
    """The published proposals of every unit whose staff the member is (their union and the unions above it),
    newest first, searched by 案由, number or proposer; empty for a member without holding membership."""
    if member is None or member.status not in HOLDING_STATUSES:
        return Proposal.objects.none()
    rows = (
        Proposal.objects.filter(
            published_at__isnull=False, congress__org__path__in=member.org.ancestor_paths()
        )
        .select_related("congress__org", "session", "proposer__member")
        .prefetch_related("honours")
        .order_by("-published_at", "-pk")
    )
    text = query.strip()
    if text:
        rows = rows.filter(
            Q(title__icontains=text) | Q(number__icontains=text) | Q(proposer__member__name__icontains=text)
        )
    return rows


# --- 优秀提案 and 承办先进单位 ------------------------------------------------------------------------------------
def review_templates(user: Actor) -> QuerySet[ScoreSheetTemplate]:
    """The score-sheet templates the user may use (their unions' and below)."""
    return ScoreSheetTemplate.objects.visible_to(user, "reviews.manage").order_by("-created_at", "-pk")


def honour_proposals(session: CongressSession) -> QuerySet[Proposal]:
    """The proposals that may be 优秀提案: accepted (立案) proposals of the session that have a reply."""
    return (
        Proposal.objects.filter(session=session, kind=ProposalKind.PROPOSAL, status__in=REPLIED_STATES)
        .select_related("proposer__member")
        .order_by("number", "pk")
    )


def honour_departments(session: CongressSession) -> QuerySet[HandlingDepartment]:
    """The departments that led the handling of the session's proposals (candidates for 承办先进单位)."""
    return (
        HandlingDepartment.objects.filter(
            assignments__proposal__session=session, assignments__role=HandlerRole.LEAD
        )
        .distinct()
        .order_by("sort_order", "pk")
    )


@dataclass(frozen=True)
class Candidate:
    """An entry of the session's review round with its rank and score, and the row it stands for."""

    rank: int | None
    score: Decimal | None
    title: str
    subject: Any
    honoured: bool


@dataclass
class HonourBoard:
    round_closed: bool
    proposals: list[Candidate]
    departments: list[Candidate]


def honour_board(session: CongressSession) -> HonourBoard | None:
    """The session's review entries split into proposals and departments, in ranking order (unscored last), with
    the winners already recorded; None before the round exists."""
    review_round = session.review_round
    if review_round is None:
        return None
    entries = list(ReviewEntry.objects.filter(round=review_round).order_by("pk"))
    proposal_type = ContentType.objects.get_for_model(Proposal)
    department_type = ContentType.objects.get_for_model(HandlingDepartment)
    ranked = {r.result.entry_id: r for r in round_results(review_round).ranked}
    proposal_ids = [e.owner_id for e in entries if e.owner_type_id == proposal_type.pk]
    department_ids = [e.owner_id for e in entries if e.owner_type_id == department_type.pk]
    proposals = Proposal.objects.in_bulk(proposal_ids)
    departments = HandlingDepartment.objects.in_bulk(department_ids)
    honoured: set[tuple[str, int | None, int | None]] = set(
        CongressHonour.objects.filter(session=session).values_list("kind", "proposal_id", "department_id")
    )
    board = HonourBoard(round_closed=review_round.status == RoundStatus.CLOSED, proposals=[], departments=[])
    for entry in entries:
        placed = ranked.get(entry.pk)
        rank_no = placed.rank if placed is not None else None
        score = placed.result.score if placed is not None else None
        if entry.owner_type_id == proposal_type.pk and entry.owner_id in proposals:
            board.proposals.append(
                Candidate(
                    rank_no,
                    score,
                    entry.title,
                    proposals[entry.owner_id],
                    (str(HonourKind.EXCELLENT_PROPOSAL), entry.owner_id, None) in honoured,
                )
            )
        elif entry.owner_type_id == department_type.pk and entry.owner_id in departments:
            board.departments.append(
                Candidate(
                    rank_no,
                    score,
                    entry.title,
                    departments[entry.owner_id],
                    (str(HonourKind.ADVANCED_HANDLER), None, entry.owner_id) in honoured,
                )
            )

    def order(c: Candidate) -> tuple[int, int]:
        return (0, c.rank) if c.rank is not None else (1, 0)

    board.proposals.sort(key=order)
    board.departments.sort(key=order)
    return board


def session_honours(session: CongressSession) -> QuerySet[CongressHonour]:
    return CongressHonour.objects.filter(session=session).select_related(
        "proposal__proposer__member", "department"
    )
