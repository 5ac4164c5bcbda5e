"""Rows for the report part's tests, written straight to the tables (the proposals part builds the loop itself):
a session with proposals in known states, their 主办/协办 assignments, replies and ratings."""

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.congresses.choices import (
    HandlerRole,
    ProposalCategory,
    ProposalKind,
    ProposalStatus,
    ReplyType,
    Satisfaction,
)
from gonghui.congresses.models import (
    Congress,
    CongressSession,
    Delegate,
    HandlingDepartment,
    Proposal,
    ProposalAssignment,
    ProposalReply,
)

from .factories import make_congress, make_delegates, make_department, make_proposal, make_session


def handled(
    *,
    congress: Congress,
    session: CongressSession,
    proposer: Delegate,
    lead: HandlingDepartment,
    actor: Any,
    assist: HandlingDepartment | None = None,
    status: str = ProposalStatus.CLOSED,
    deadline_on: dt.date | None = None,
    replied_on: dt.date | None = None,
    satisfaction: str = "",
    second_satisfaction: str | None = None,
    number: str = "",
    **extra: Any,
) -> Proposal:
    """A 立案 proposal of `session` led by `lead` (assisted by `assist`), replied on `replied_on` (today by
    default) and rated `satisfaction`; with `second_satisfaction` a round-2 reply exists, rated so ("" unrated)."""
    proposal = make_proposal(
        congress=congress,
        session=session,
        proposer=proposer,
        status=status,
        number=number,
        deadline_on=deadline_on,
        reviewed_at=timezone.now(),
        **extra,
    )
    ProposalAssignment.objects.create(proposal=proposal, department=lead, role=HandlerRole.LEAD)
    if assist is not None:
        ProposalAssignment.objects.create(proposal=proposal, department=assist, role=HandlerRole.ASSIST)
    if status in (ProposalStatus.ACCEPTED, ProposalStatus.HANDLING):
        return proposal
    reply = ProposalReply.objects.create(
        proposal=proposal,
        round=1,
        reply_type=ReplyType.SOLVED,
        content="已增设座位。",
        replied_by=actor,
        satisfaction=satisfaction,
        rated_at=timezone.now() if satisfaction else None,
    )
    if replied_on is not None:
        moment = timezone.make_aware(dt.datetime.combine(replied_on, dt.time(10)))
        ProposalReply.objects.filter(pk=reply.pk).update(created_at=moment)
    if second_satisfaction is not None:
        ProposalReply.objects.create(
            proposal=proposal,
            round=2,
            reply_type=ReplyType.PLANNED,
            content="列入明年计划。",
            replied_by=actor,
            satisfaction=second_satisfaction,
            rated_at=timezone.now() if second_satisfaction else None,
        )
    return proposal


def report_session(*, org: Any, actor: Any, delegates: int = 4, start: int = 7001) -> dict[str, Any]:
    """A congress of `org` with `delegates` full delegates (the first with a portal account), a session, two
    departments and five proposals (delegate phones numbered from `start`, unique per world): two closed (one on time and satisfied, one late and unsatisfied after
    re-handling), one 待审查, one 不予立案, one 意见建议 being handled."""
    congress = make_congress(org=org, actor=actor)
    people = make_delegates(congress, delegates, with_users=True, start=start)
    session = make_session(congress=congress, actor=actor)
    logistics = make_department(org=org, name="后勤处")
    teaching = make_department(org=org, name="教务处")
    today = timezone.localdate()
    on_time = handled(
        congress=congress,
        session=session,
        proposer=people[0],
        lead=logistics,
        assist=teaching,
        actor=actor,
        number="1",
        deadline_on=today + dt.timedelta(days=5),
        satisfaction=Satisfaction.SATISFIED,
        category=ProposalCategory.LOGISTICS,
    )
    late = handled(
        congress=congress,
        session=session,
        proposer=people[1],
        lead=teaching,
        actor=actor,
        number="2",
        title="关于减轻青年教师非教学负担的提案",
        deadline_on=today - dt.timedelta(days=10),
        replied_on=today - dt.timedelta(days=3),
        satisfaction=Satisfaction.UNSATISFIED,
        second_satisfaction=Satisfaction.UNSATISFIED,
        category=ProposalCategory.TEACHING,
    )
    waiting = make_proposal(
        congress=congress,
        session=session,
        proposer=people[2],
        seconders=people[:2],
        title="关于增加体检项目的提案",
        category=ProposalCategory.PAY,
    )
    rejected = make_proposal(
        congress=congress,
        session=session,
        proposer=people[3],
        status=ProposalStatus.REJECTED,
        title="关于调整作息时间的提案",
        review_note="不属于教代会职权范围",
        reviewed_at=timezone.now(),
    )
    suggestion = handled(
        congress=congress,
        session=session,
        proposer=people[2],
        lead=logistics,
        actor=actor,
        status=ProposalStatus.HANDLING,
        kind=ProposalKind.SUGGESTION,
        title="关于校园停车的建议",
    )
    return {
        "congress": congress,
        "delegates": people,
        "session": session,
        "logistics": logistics,
        "teaching": teaching,
        "on_time": on_time,
        "late": late,
        "waiting": waiting,
        "rejected": rejected,
        "suggestion": suggestion,
    }
