"""Registrations of part proposals: 我的办理 rows for the member's 提案 and 附议 (each with its receipt code), the portal's
待办 card (提案 waiting for my 附议; replies waiting for my rating), and two scheduled jobs — unseconded proposals
become 意见建议 once their session's collection window has closed, and overdue replies are escalated."""

from typing import Any

TODO_CARD = "congresses.proposals_todo"
PROPOSAL_SOURCE = "congresses.proposals"
SECOND_SOURCE = "congresses.proposal_seconds"
CONVERT_JOB = "congresses.proposals_convert"
ESCALATE_JOB = "congresses.proposals_escalate"


def todo_items(user: Any) -> list[Any]:
    """待办: "待附议：<案由>" for each proposal of my congresses that waits for my 附议, "待评价：<案由>" for each reply
    to my proposals waiting for my rating."""
    from django.urls import reverse

    from gonghui.core.registry import PortalCardItem
    from gonghui.members.selectors import member_for_user

    from ..selectors.proposals import to_rate, to_second

    member = member_for_user(user)
    if member is None:
        return []
    items = [
        PortalCardItem(
            title=f"待评价：{proposal.title}",
            url=reverse("congresses_portal:proposal_detail", args=[proposal.public_id]),
            detail="提案已答复，请评价",
            icon="star",
        )
        for proposal in to_rate(member)
    ]
    items += [
        PortalCardItem(
            title=f"待附议：{proposal.title}",
            url=reverse("congresses_portal:proposal_detail", args=[proposal.public_id]),
            detail=f"{proposal.proposer.member.name}的提案 · 已附议{getattr(proposal, 'second_count', 0)}人",
            icon="thumb-up",
        )
        for proposal in to_second(member)[:5]
    ]
    return items


def proposal_requests(user: Any) -> list[Any]:
    """我的办理: the member's proposals with their receipt codes and state; 评价答复 when a reply waits."""
    from django.urls import reverse

    from gonghui.core.registry import MemberRequest
    from gonghui.members.selectors import member_for_user

    from ..choices import ProposalStatus
    from ..selectors.proposals import my_proposals

    member = member_for_user(user)
    if member is None:
        return []
    return [
        MemberRequest(
            kind=str(proposal.get_kind_display()),
            title=f"{proposal.title}（回执编号 {proposal.receipt_code}）",
            status=str(proposal.get_status_display()),
            url=reverse("congresses_portal:proposal_detail", args=[proposal.public_id]),
            submitted_at=proposal.submitted_at,
            next_step="评价答复" if proposal.status == ProposalStatus.REPLIED else "",
        )
        for proposal in my_proposals(member)
    ]


def second_requests(user: Any) -> list[Any]:
    """我的办理: the member's 附议, each with its receipt code and the proposal's state."""
    from django.urls import reverse

    from gonghui.core.registry import MemberRequest
    from gonghui.members.selectors import member_for_user

    from ..selectors.proposals import my_seconds

    member = member_for_user(user)
    if member is None:
        return []
    return [
        MemberRequest(
            kind="附议",
            title=f"{second.proposal.title}（回执编号 {second.receipt_code}）",
            status=str(second.proposal.get_status_display()),
            url=reverse("congresses_portal:proposal_detail", args=[second.proposal.public_id]),
            submitted_at=second.created_at,
        )
        for second in my_seconds(member)
    ]


def _convert_job() -> str:
    from ..services.proposals import proposals_convert_due

    return proposals_convert_due()


def _escalate_job() -> str:
    from ..services.proposals import proposals_escalate_due

    return proposals_escalate_due()


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.core.registry import (
        MemberRequestSource,
        PortalCard,
        ScheduledJob,
        member_requests,
        portal_cards,
        scheduled_jobs,
    )

    if TODO_CARD not in portal_cards:
        portal_cards.register(TODO_CARD, PortalCard(key=TODO_CARD, kind="todo", items=todo_items, order=38))
    if PROPOSAL_SOURCE not in member_requests:
        member_requests.register(
            PROPOSAL_SOURCE,
            MemberRequestSource(key=PROPOSAL_SOURCE, label="提案", requests=proposal_requests, order=95),
        )
    if SECOND_SOURCE not in member_requests:
        member_requests.register(
            SECOND_SOURCE,
            MemberRequestSource(key=SECOND_SOURCE, label="附议", requests=second_requests, order=96),
        )
    if CONVERT_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            CONVERT_JOB,
            ScheduledJob(key=CONVERT_JOB, label="附议不足的提案转为意见建议", func=_convert_job, order=160),
        )
    if ESCALATE_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            ESCALATE_JOB,
            ScheduledJob(key=ESCALATE_JOB, label="提案逾期未答复督办", func=_escalate_job, order=161),
        )
