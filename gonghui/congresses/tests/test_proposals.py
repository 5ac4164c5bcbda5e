"""提案闭环 services: seconding rules, late/unseconded → 意见建议, the committee's review, assignment with a
working-day deadline, replies, rating with one re-handling, overdue escalation."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.calendars.workdays import add_workdays
from gonghui.congresses.choices import (
    DelegateRole,
    ProposalKind,
    ProposalStatus,
    ReplyType,
    Satisfaction,
)
from gonghui.congresses.models import CongressRules, Delegate, Proposal, ProposalSecond
from gonghui.congresses.registrations.proposals import proposal_requests, second_requests, todo_items
from gonghui.congresses.services import proposals as svc
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification
from gonghui.orgs.tests.factories import OrgFactory

from .factories import make_congress, make_delegates, make_department
from .factories_proposals import proposal_at, proposal_setup

pytestmark = pytest.mark.django_db


def _submit(setup, index=0, **extra):
    return svc.proposal_submit(
        member=setup.delegates[index].member,
        congress=setup.congress,
        title=extra.pop("title", "关于延长图书馆开放时间的提案"),
        reasons="晚间自习需求大。",
        measures="开放至22点。",
        **extra,
    )


def test_proposer_cannot_second_own_proposal(world):
    # given
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    proposal = _submit(setup)
    # when / then
    with pytest.raises(ValidationError, match="提案人不能附议"):
        svc.proposal_second(proposal=proposal, member=setup.delegates[0].member)
    assert ProposalSecond.objects.filter(proposal=proposal).count() == 0


@pytest.mark.parametrize("_case", ["other congress", "observer", "seat ended"])
def test_only_full_delegates_in_office_of_the_same_congress_second(world, _case):
    # given
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=2)
    proposal = _submit(setup)
    if _case == "other congress":
        other = make_congress(org=world.org_b, actor=world.outsider)
        member = make_delegates(other, 1, start=500, with_users=True)[0].member
    else:
        member = make_delegates(setup.congress, 1, start=600, with_users=True)[0].member
        seat = Delegate.objects.get(congress=setup.congress, member=member)
        if _case == "observer":
            Delegate.objects.filter(pk=seat.pk).update(role=DelegateRole.OBSERVER)
        else:
            Delegate.objects.filter(pk=seat.pk).update(ended_on=timezone.localdate())
    # when / then
    with pytest.raises(PermissionDenied):
        svc.proposal_second(proposal=proposal, member=member)
    assert ProposalSecond.objects.filter(proposal=proposal).count() == 0


def test_two_seconds_make_it_count_with_receipts(world):
    # given
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=4)
    proposal = _submit(setup)
    assert (proposal.kind, proposal.status) == (ProposalKind.PROPOSAL, ProposalStatus.SECONDING)
    # when: one second
    first = svc.proposal_second(proposal=proposal, member=setup.delegates[1].member)
    proposal.refresh_from_db()
    # then: still collecting; a duplicate is refused
    assert proposal.status == ProposalStatus.SECONDING
    with pytest.raises(ValidationError, match="已附议过"):
        svc.proposal_second(proposal=proposal, member=setup.delegates[1].member)
    # when: the second one
    svc.proposal_second(proposal=proposal, member=setup.delegates[2].member)
    proposal.refresh_from_db()
    # then: 待审查; a third delegate can no longer second it
    assert proposal.status == ProposalStatus.SUBMITTED
    with pytest.raises(ValidationError, match="不在征集附议阶段"):
        svc.proposal_second(proposal=proposal, member=setup.delegates[3].member)
    assert len(first.receipt_code) == 12
    seconder = setup.delegates[1].member.user
    assert Notification.objects.filter(recipient=seconder, title__contains=first.receipt_code).count() == 1
    assert [r.title for r in second_requests(seconder)] == [
        f"{proposal.title}（回执编号 {first.receipt_code}）"
    ]
    mine = proposal_requests(setup.delegates[0].member.user)
    assert [(r.kind, r.status) for r in mine] == [("提案", "待审查")]


def test_late_submission_becomes_suggestion(world):
    # given: the session's window closed yesterday, no proposals between sessions
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=2)
    today = timezone.localdate()
    setup.session.proposals_open_on = today - dt.timedelta(days=20)
    setup.session.proposals_close_on = today - dt.timedelta(days=1)
    setup.session.save()
    # when
    proposal = _submit(setup)
    # then
    assert (proposal.kind, proposal.status, proposal.session_id) == (
        ProposalKind.SUGGESTION,
        ProposalStatus.SUBMITTED,
        setup.session.pk,
    )


def test_between_sessions_when_the_congress_allows_it(world):
    # given: no open window, but the congress's rules allow proposals between sessions
    setup = proposal_setup(
        org=world.org_a, actor=world.org_admin, delegates=2, proposals_between_sessions=True
    )
    setup.session.proposals_close_on = timezone.localdate() - dt.timedelta(days=1)
    setup.session.save()
    # when
    proposal = _submit(setup)
    # then
    assert (proposal.kind, proposal.status, proposal.session) == (
        ProposalKind.PROPOSAL,
        ProposalStatus.SECONDING,
        None,
    )


def test_unseconded_at_the_windows_close_become_suggestions(world):
    # given: one proposal with one second, one with two
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=4)
    weak = _submit(setup, title="附议不足的提案")
    svc.proposal_second(proposal=weak, member=setup.delegates[1].member)
    strong = proposal_at(setup, world.org_admin, "submitted")
    # when: the window has closed and the job runs (twice: it is idempotent)
    setup.session.proposals_close_on = timezone.localdate() - dt.timedelta(days=1)
    setup.session.save()
    assert svc.proposals_convert_due() == "提案转为意见建议 1 件"
    assert svc.proposals_convert_due() == "提案转为意见建议 0 件"
    # then
    weak.refresh_from_db()
    strong.refresh_from_db()
    assert (weak.kind, weak.status) == (ProposalKind.SUGGESTION, ProposalStatus.SUBMITTED)
    assert (strong.kind, strong.status) == (ProposalKind.PROPOSAL, ProposalStatus.SUBMITTED)
    assert [e.action for e in timeline_for(weak)] == ["submitted", "seconded", "converted"]
    # and a late second is refused
    with pytest.raises(ValidationError):
        svc.proposal_second(proposal=weak, member=setup.delegates[2].member)


def test_the_whole_loop_with_one_rehandling(world):
    # given: rules of the county union above: 5 working days to reply
    CongressRules.objects.create(org=world.county_x, proposal_workdays=5)
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    assists = make_department(org=world.org_a, name="教务处")
    proposal = proposal_at(setup, world.org_admin, "submitted")
    proposer = setup.delegates[0].member
    today = timezone.localdate()
    # when: 立案, 交办
    proposal = svc.proposal_review(proposal=proposal, actor=world.org_admin, decision=svc.REVIEW_ACCEPT)
    proposal = svc.proposal_assign(
        proposal=proposal, actor=world.org_admin, lead=setup.department, assists=[assists]
    )
    # then
    assert proposal.number == "提001"
    assert proposal.status == ProposalStatus.HANDLING
    assert proposal.deadline_on == add_workdays(today, 5)
    assert sorted(proposal.assignments.values_list("department__name", "role")) == [
        ("后勤处", "lead"),
        ("教务处", "assist"),
    ]
    # when: the reply, and the proposer is not satisfied
    svc.proposal_reply(
        proposal=proposal, actor=world.org_admin, reply_type=ReplyType.PLANNED, content="列入明年计划。"
    )
    assert [i.title for i in todo_items(proposer.user)] == [f"待评价：{proposal.title}"]
    with pytest.raises(ValidationError):  # 不满意 needs a note
        svc.proposal_rate(proposal=proposal, member=proposer, satisfaction=Satisfaction.UNSATISFIED)
    svc.proposal_rate(proposal=proposal, member=proposer, satisfaction=Satisfaction.UNSATISFIED, note="太慢")
    proposal.refresh_from_db()
    # then: re-handling once, with a fresh deadline
    assert proposal.status == ProposalStatus.REHANDLING
    assert proposal.deadline_on == add_workdays(today, 5)
    # when: the second reply, rated 不满意 again
    second = svc.proposal_reply(
        proposal=proposal,
        actor=world.org_admin,
        reply_type=ReplyType.EXPLAINED,
        content="经费所限，说明如下。",
    )
    svc.proposal_rate(
        proposal=proposal, member=proposer, satisfaction=Satisfaction.UNSATISFIED, note="仍不满意"
    )
    proposal.refresh_from_db()
    second.refresh_from_db()
    # then: closed whatever the rating, the rating recorded
    assert second.round == 2
    assert (second.satisfaction, second.rating_note) == (Satisfaction.UNSATISFIED, "仍不满意")
    assert proposal.status == ProposalStatus.CLOSED
    assert proposal.closed_at is not None
    assert [e.action for e in timeline_for(proposal)] == [
        "submitted",
        "seconded",
        "seconded",
        "seconded",
        "accepted",
        "assigned",
        "replied",
        "rated",
        "rehandling",
        "replied",
        "rated",
    ]


def test_satisfied_rating_closes_and_only_the_proposer_rates(world):
    # given
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    proposal = proposal_at(setup, world.org_admin, "replied")
    # when / then
    with pytest.raises(PermissionDenied):
        svc.proposal_rate(
            proposal=proposal, member=setup.delegates[1].member, satisfaction=Satisfaction.SATISFIED
        )
    svc.proposal_rate(proposal=proposal, member=setup.delegates[0].member, satisfaction=Satisfaction.BASIC)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED


def test_overdue_replies_escalate_once_to_the_union_and_the_union_above(world):
    # given: a cadre of the county union above org A; a proposal in hand past its deadline
    from conftest import make_cadre

    county_admin = make_cadre("county_x_admin", world.county_x)
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    proposal = proposal_at(setup, world.org_admin, "handling")
    Proposal.objects.filter(pk=proposal.pk).update(deadline_on=timezone.localdate() - dt.timedelta(days=1))
    # when
    assert svc.proposals_escalate_due() == "提案逾期督办 1 件"
    assert svc.proposals_escalate_due() == "提案逾期督办 0 件"
    # then
    proposal.refresh_from_db()
    assert proposal.escalated_at is not None
    assert sorted(
        Notification.objects.filter(title="提案逾期未答复").values_list("recipient__username", flat=True)
    ) == sorted([world.org_admin.username, county_admin.username])
    assert timeline_for(proposal).filter(action="escalated").count() == 1


def test_review_reject_needs_a_reason_and_convert_numbers_a_suggestion(world):
    # given
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    proposal = proposal_at(setup, world.org_admin, "submitted")
    # when / then: no reason → refused, nothing changed
    with pytest.raises(ValidationError):
        svc.proposal_review(proposal=proposal, actor=world.org_admin, decision=svc.REVIEW_REJECT)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    # when: converted
    proposal = svc.proposal_review(
        proposal=proposal, actor=world.org_admin, decision=svc.REVIEW_CONVERT, note="属日常工作建议"
    )
    # then
    assert (proposal.kind, proposal.status, proposal.number) == (
        ProposalKind.SUGGESTION,
        ProposalStatus.ACCEPTED,
        "意001",
    )


def test_cadres_outside_the_unit_cannot_review_or_assign_elsewhere(world):
    # given
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    proposal = proposal_at(setup, world.org_admin, "submitted")
    # when / then: org B's admin may not review
    with pytest.raises(PermissionDenied):
        svc.proposal_review(proposal=proposal, actor=world.outsider, decision=svc.REVIEW_ACCEPT)
    # and a department of another unit cannot be the lead
    proposal = svc.proposal_review(proposal=proposal, actor=world.org_admin, decision=svc.REVIEW_ACCEPT)
    foreign = make_department(org=OrgFactory.create(parent=world.org_b, code="KPROP9"), name="外单位后勤处")
    with pytest.raises(ValidationError, match="不属于本单位"):
        svc.proposal_assign(proposal=proposal, actor=world.org_admin, lead=foreign)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.assignments.count()) == (ProposalStatus.ACCEPTED, 0)
