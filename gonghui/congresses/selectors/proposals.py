"""Reads of part proposals: 提案: submit and second on the phone (我的办理, receipts), the 提案工作委员会's review
(立案 / 不予立案 / 转为意见建议), 主办/协办 with a working-day deadline, replies, satisfaction, re-handling once,
overdue escalation.

Who sees a proposal: cadres by scope (`Proposal.objects.visible_to(user, VIEW)`); on the portal the delegates (in
office) of its congress and its proposer, and — once `published_at` is set — the staff of the congress's unit
(`seats.is_unit_staff`). Everyone else gets a 404."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.scoping import ScopedQuerySet
from gonghui.members.models import Member
from gonghui.members.selectors import member_for_user

from ..choices import HandlerRole, HonourKind, ProposalKind, ProposalStatus
from ..models import (
    Congress,
    CongressSession,
    Delegate,
    HandlingDepartment,
    Proposal,
    ProposalAssignment,
    ProposalReply,
    ProposalSecond,
)
from ..permissions import VIEW
from ..seats import is_unit_staff

SECONDS_NEEDED = 2
# states in which the reply is owed by the lead department (deadline_on counts)
AWAITING_REPLY = (ProposalStatus.HANDLING, ProposalStatus.REHANDLING)
OPEN_STATES = (
    ProposalStatus.SECONDING,
    ProposalStatus.SUBMITTED,
    ProposalStatus.ACCEPTED,
    ProposalStatus.HANDLING,
    ProposalStatus.REPLIED,
    ProposalStatus.REHANDLING,
)


def _detail_related() -> ScopedQuerySet[Proposal]:
    seconds = ProposalSecond.objects.select_related("delegate__member")
    assignments = ProposalAssignment.objects.select_related("department")
    replies = ProposalReply.objects.select_related("replied_by")
    return (
        Proposal.objects.select_related("congress__org", "session", "proposer__member", "reviewed_by")
        .prefetch_related(Prefetch("seconds", queryset=seconds))
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .prefetch_related(Prefetch("replies", queryset=replies))
    )


# --- portal ---------------------------------------------------------------------------------------------------------
def member_may_see(member: Member | None, proposal: Proposal) -> bool:
    """The portal rule: the proposer, a delegate in office of the same congress, or — once published — the unit's
    staff."""
    if member is None:
        return False
    if proposal.proposer.member_id == member.pk:
        return True
    if Delegate.objects.filter(
        congress_id=proposal.congress_id, member=member, ended_on__isnull=True
    ).exists():
        return True
    return proposal.published_at is not None and is_unit_staff(member, proposal.congress.org)


def portal_proposal_or_404(user: Any, public_id: Any) -> Proposal:
    """The proposal with its seconds, assignments and replies if the signed-in member may read it (see module
    docstring), else 404."""
    member = member_for_user(user)
    try:
        proposal = _detail_related().get(public_id=public_id)
    except (Proposal.DoesNotExist, ValueError):
        raise Http404 from None
    if proposal.status == ProposalStatus.WITHDRAWN and (
        member is None or proposal.proposer.member_id != member.pk
    ):
        raise Http404
    if not member_may_see(member, proposal):
        raise Http404
    return proposal


def seat_for_proposal(member: Member | None, proposal: Proposal) -> Delegate | None:
    """The member's seat in office in the proposal's congress, or None."""
    if member is None:
        return None
    return Delegate.objects.filter(
        congress_id=proposal.congress_id, member=member, ended_on__isnull=True
    ).first()


def my_proposals(member: Member) -> QuerySet[Proposal]:
    """我的提案: the member's own proposals in any congress, with the counts the list shows."""
    return (
        Proposal.objects.filter(proposer__member=member)
        .select_related("congress__org", "session")
        .annotate(second_count=Count("seconds"))
        .order_by("-submitted_at", "-pk")
    )


def to_second(member: Member) -> QuerySet[Proposal]:
    """待我附议: proposals still collecting seconds in congresses where the member holds a seat in office, not their
    own and not yet seconded by them."""
    seats = Delegate.objects.filter(member=member, ended_on__isnull=True, congress__is_current=True)
    return (
        Proposal.objects.filter(
            status=ProposalStatus.SECONDING,
            kind=ProposalKind.PROPOSAL,
            congress_id__in=seats.values("congress_id"),
        )
        .exclude(proposer__member=member)
        .exclude(seconds__delegate__member=member)
        .select_related("congress__org", "session", "proposer__member")
        .annotate(second_count=Count("seconds"))
        .order_by("submitted_at", "pk")
    )


def congress_proposals(member: Member, *, search: str = "") -> QuerySet[Proposal]:
    """本届提案: every proposal (not withdrawn) of the current congresses where the member holds a seat."""
    seats = Delegate.objects.filter(member=member, ended_on__isnull=True, congress__is_current=True)
    qs = (
        Proposal.objects.filter(congress_id__in=seats.values("congress_id"))
        .exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("congress__org", "session", "proposer__member")
        .annotate(second_count=Count("seconds"))
        .order_by("-submitted_at", "-pk")
    )
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(number__icontains=search))
    return qs


def my_seconds(member: Member) -> QuerySet[ProposalSecond]:
    """The member's 附议 with their proposals (我的办理)."""
    return (
        ProposalSecond.objects.filter(delegate__member=member)
        .select_related("proposal__congress__org")
        .order_by("-created_at", "-pk")
    )


def to_rate(member: Member) -> QuerySet[Proposal]:
    """待评价: the member's proposals whose latest reply waits for their rating."""
    return (
        Proposal.objects.filter(proposer__member=member, status=ProposalStatus.REPLIED)
        .select_related("congress__org")
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class SubmitTarget:
    """Where a delegate's new proposal goes: the seat, the congress and the open session (None between sessions)."""

    seat: Delegate
    session: CongressSession | None


def collecting_session(congress: Congress, on: dt.date | None = None) -> CongressSession | None:
    """The session of the congress whose proposal collection window contains `on` (today), if any."""
    on = on or timezone.localdate()
    return (
        CongressSession.objects.filter(
            congress=congress, proposals_open_on__lte=on, proposals_close_on__gte=on
        )
        .order_by("proposals_close_on", "pk")
        .first()
    )


def submit_targets(member: Member) -> list[SubmitTarget]:
    """The member's seats in current congresses that accept a proposal today: an open collection window, or any
    day where the congress allows proposals between sessions (then the session is None)."""
    targets = []
    for seat in Delegate.objects.filter(
        member=member, ended_on__isnull=True, congress__is_current=True
    ).select_related("congress__org"):
        session = collecting_session(seat.congress)
        if session is not None or seat.congress.proposals_between_sessions:
            targets.append(SubmitTarget(seat=seat, session=session))
    return targets


# --- console ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProposalFilters:
    search: str = ""
    congress: str = ""
    status: str = ""
    kind: str = ""
    category: str = ""
    department: str = ""
    overdue: bool = False


def proposal_list_for_user(user: Any, filters: ProposalFilters) -> QuerySet[Proposal]:
    """提案办理: the proposals the cadre may see, filtered, with the lead department and the seconds counted."""
    qs = (
        Proposal.objects.visible_to(user, VIEW)
        .select_related("congress__org", "session", "proposer__member")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ProposalAssignment.objects.filter(role=HandlerRole.LEAD).select_related(
                    "department"
                ),
                to_attr="lead_assignments",
            )
        )
        .annotate(second_count=Count("seconds", distinct=True))
    )
    if filters.search:
        qs = qs.filter(
            Q(title__icontains=filters.search)
            | Q(number__icontains=filters.search)
            | Q(proposer__member__name__icontains=filters.search)
        )
    if filters.congress:
        qs = qs.filter(congress__public_id=filters.congress)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.department:
        qs = qs.filter(assignments__department__pk=int(filters.department))
    if filters.overdue:
        qs = qs.filter(overdue_q())
    return qs.order_by("-submitted_at", "-pk")


def overdue_q(today: dt.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status__in=AWAITING_REPLY, deadline_on__lt=today)


def proposal_get_for_user(user: Any, public_id: Any) -> Proposal:
    """One proposal visible to the cadre (404 otherwise), with everything its page shows."""
    return _detail_related().get_visible_or_404(user, VIEW, public_id=public_id)


def proposal_is_excellent(proposal: Proposal) -> bool:
    """Whether the session's review named the proposal 优秀提案 (the console page shows a badge, as the report does)."""
    return proposal.honours.filter(kind=HonourKind.EXCELLENT_PROPOSAL).exists()


def congresses_for_filter(user: Any) -> QuerySet[Congress]:
    return Congress.objects.visible_to(user, VIEW).select_related("org").order_by("org__path", "-term_number")


def departments_of(org: Any, *, active_only: bool = True) -> QuerySet[HandlingDepartment]:
    qs = HandlingDepartment.objects.filter(org=org)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("sort_order", "pk")


def departments_for_filter(user: Any) -> QuerySet[HandlingDepartment]:
    return (
        HandlingDepartment.objects.visible_to(user, VIEW)
        .select_related("org")
        .order_by("org__path", "sort_order", "pk")
    )


def department_get_for_user(user: Any, pk: int, *, demand: str | None = None) -> HandlingDepartment:
    """One 承办部门 visible to the cadre (else 404); with `demand`, held on its unit too (else 403)."""
    return HandlingDepartment.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=demand, pk=pk
    )


def latest_reply(proposal: Proposal) -> ProposalReply | None:
    replies = list(proposal.replies.all())
    return replies[-1] if replies else None


def due_for_conversion(today: dt.date | None = None) -> QuerySet[Proposal]:
    """Proposals still collecting seconds whose session's window has closed (→ 意见建议)."""
    today = today or timezone.localdate()
    return Proposal.objects.filter(
        status=ProposalStatus.SECONDING,
        kind=ProposalKind.PROPOSAL,
        session__isnull=False,
        session__proposals_close_on__lt=today,
    )


def due_for_escalation(today: dt.date | None = None) -> QuerySet[Proposal]:
    """Proposals past their reply deadline without a reply and not yet escalated."""
    return (
        Proposal.objects.filter(overdue_q(today), escalated_at__isnull=True)
        .select_related("congress__org")
        .order_by("deadline_on", "pk")
    )
