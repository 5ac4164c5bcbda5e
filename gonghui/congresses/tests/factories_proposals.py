"""Proposal rows built through the services (tests and the crawl world): a congress of `org` with an open collection
window and full delegates with portal accounts, and a proposal driven to a given state of the loop."""

from dataclasses import dataclass
from typing import Any

from gonghui.congresses.choices import ReplyType, Satisfaction
from gonghui.congresses.models import Congress, CongressSession, Delegate, HandlingDepartment, Proposal
from gonghui.congresses.services import proposals as svc
from gonghui.congresses.tests.factories import make_congress, make_delegates, make_department, make_session


@dataclass
class ProposalSetup:
    congress: Congress
    session: CongressSession
    delegates: list[Delegate]
    department: HandlingDepartment


def proposal_setup(
    *, org: Any, actor: Any, delegates: int = 4, start: int = 1, **congress: Any
) -> ProposalSetup:
    """A current 教代会 of `org` whose first session collects proposals from today for 20 days, `delegates` full
    delegates with portal accounts and one 承办部门 (后勤处)."""
    c = make_congress(org=org, actor=actor, **congress)
    return ProposalSetup(
        congress=c,
        session=make_session(congress=c, actor=actor),
        delegates=make_delegates(c, delegates, start=start, with_users=True),
        department=make_department(org=org),
    )


STAGES = ("seconding", "submitted", "accepted", "handling", "replied", "closed")


def proposal_at(
    setup: ProposalSetup, actor: Any, stage: str, *, title: str = "关于增设教工食堂座位的提案"
) -> Proposal:
    """A proposal of the first delegate, through the services up to `stage` (one of STAGES)."""
    proposer, *others = setup.delegates
    proposal = svc.proposal_submit(
        member=proposer.member,
        congress=setup.congress,
        title=title,
        reasons="午餐高峰排队时间长。",
        measures="增设座位，错峰就餐。",
    )
    order = STAGES.index(stage)
    if order >= 1:
        for delegate in others[:2]:
            svc.proposal_second(proposal=proposal, member=delegate.member)
    if order >= 2:
        proposal = svc.proposal_review(proposal=proposal, actor=actor, decision=svc.REVIEW_ACCEPT)
    if order >= 3:
        proposal = svc.proposal_assign(proposal=proposal, actor=actor, lead=setup.department)
    if order >= 4:
        svc.proposal_reply(
            proposal=proposal, actor=actor, reply_type=ReplyType.SOLVED, content="已增设座位80个。"
        )
    if order >= 5:
        svc.proposal_rate(proposal=proposal, member=proposer.member, satisfaction=Satisfaction.SATISFIED)
    proposal.refresh_from_db()
    return proposal
