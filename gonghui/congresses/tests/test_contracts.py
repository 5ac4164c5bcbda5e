"""集体协商与集体合同: the filing and objection dates in calendar days (the last day moved past 国庆 2025 on the seeded
calendar), the steps and their rules, the daily job (effect, expiry, reminders once), renewal and the 建制率."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.roles import UNION_ADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.congresses.choices import ContractKind, ContractStatus, MotionStatus, NegotiationStatus
from gonghui.congresses.models import CollectiveContract, Motion
from gonghui.congresses.selectors.contracts import contract_coverage, contract_coverage_board
from gonghui.congresses.services import contracts as services
from gonghui.congresses.tests.factories import make_congress, make_session
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification
from gonghui.orgs.tests.factories import OrgFactory

from .factories_contracts import draft, effective, filed, negotiation, signed

D = dt.date


@pytest.mark.parametrize(
    ("_case", "signed_on", "due"),
    [
        ("an ordinary Tuesday + 10 is a Friday", D(2025, 6, 3), D(2025, 6, 13)),
        (
            "+10 falls on 国庆 (10-06): moved past the holiday to Thursday 10-09",
            D(2025, 9, 26),
            D(2025, 10, 9),
        ),
    ],
)
def test_signing_sets_the_filing_deadline_in_calendar_days(world, _case, signed_on, due):
    contract = signed(org=world.org_a, actor=world.org_admin, signed_on=signed_on)

    assert contract.status == ContractStatus.SIGNED
    assert contract.filing_due_on == due


def test_filing_sets_the_objection_period_past_the_holiday_and_the_job_puts_it_in_effect(world):
    # given: filed on Saturday 09-20; +15 = Sunday 10-05, inside 国庆 → the period ends Thursday 10-09
    contract = filed(
        org=world.org_a, actor=world.org_admin, signed_on=D(2025, 9, 16), filed_on=D(2025, 9, 20)
    )
    assert contract.objection_ends_on == D(2025, 10, 9)

    # when: the job runs on the last day of the period, then the day after (twice)
    services.contracts_due_job(today=D(2025, 10, 9))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.FILED
    services.contracts_due_job(today=D(2025, 10, 10))
    services.contracts_due_job(today=D(2025, 10, 10))

    # then
    contract.refresh_from_db()
    assert (contract.status, contract.effective_on) == (ContractStatus.EFFECTIVE, D(2025, 10, 10))
    actions = [row.action for row in timeline_for(contract)]
    assert actions == ["created", "approved", "signed", "filed", "effective"]


def test_an_objection_within_the_period_stops_the_effect(world):
    contract = filed(
        org=world.org_a, actor=world.org_admin, signed_on=D(2025, 9, 16), filed_on=D(2025, 9, 20)
    )

    services.contract_object(
        contract=contract, objected_on=D(2025, 10, 9), note="试用期条款违反劳动合同法", actor=world.org_admin
    )
    services.contracts_due_job(today=D(2025, 10, 20))

    contract.refresh_from_db()
    assert contract.status == ContractStatus.OBJECTED
    assert contract.effective_on is None


def test_an_objection_after_the_period_is_refused(world):
    contract = filed(
        org=world.org_a, actor=world.org_admin, signed_on=D(2025, 9, 16), filed_on=D(2025, 9, 20)
    )

    with pytest.raises(ValidationError) as error:
        services.contract_object(
            contract=contract, objected_on=D(2025, 10, 10), note="逾期", actor=world.org_admin
        )

    assert "2025-10-09" in str(error.value)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.FILED


def _motion(session, *, passed):
    return Motion.objects.create(
        session=session,
        title="审议集体合同草案",
        status=MotionStatus.DECIDED,
        electorate=90,
        votes_for=80 if passed else 20,
        passed=passed,
        decided_at=dt.datetime(2025, 5, 20, 10, tzinfo=dt.UTC),
    )


def test_approval_needs_a_passed_motion_of_the_units_congress(world):
    contract = draft(org=world.org_a, actor=world.org_admin)
    congress = make_congress(org=world.org_a, actor=world.org_admin)
    session = make_session(congress=congress, actor=world.org_admin)

    with pytest.raises(ValidationError):
        services.contract_approve(
            contract=contract, motion=_motion(session, passed=False), actor=world.org_admin
        )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT

    passed = _motion(session, passed=True)
    services.contract_approve(contract=contract, motion=passed, actor=world.org_admin)
    contract.refresh_from_db()
    assert (contract.status, contract.motion, contract.approved_on) == (
        ContractStatus.APPROVED,
        passed,
        D(2025, 5, 20),
    )


def test_a_draft_cannot_be_signed_before_the_congress_approves_it(world):
    contract = draft(org=world.org_a, actor=world.org_admin)

    with pytest.raises(ValidationError):
        services.contract_sign(
            contract=contract,
            signed_on=D(2025, 6, 3),
            term_starts_on=D(2025, 6, 3),
            term_ends_on=D(2028, 6, 2),
            actor=world.org_admin,
        )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT


def test_an_outsider_cannot_write_a_contract_of_another_union(world):
    with pytest.raises(PermissionDenied):
        draft(org=world.org_a, actor=world.outsider)
    assert not CollectiveContract.objects.exists()


def test_filing_reminder_is_sent_once_to_the_unions_cadres(world):
    contract = signed(org=world.org_a, actor=world.org_admin, signed_on=D(2025, 6, 3))  # due 06-13

    services.contracts_due_job(today=D(2025, 6, 9))  # 4 days before: not yet
    assert not Notification.objects.filter(category=services.REMINDER_FILING).exists()
    services.contracts_due_job(today=D(2025, 6, 10))
    services.contracts_due_job(today=D(2025, 6, 11))

    reminder = Notification.objects.get(category=services.REMINDER_FILING)
    assert (reminder.recipient, reminder.url) == (world.org_admin, contract.get_absolute_url())


def test_renewal_reminder_expiry_and_a_renewal_supersedes_the_old_contract(world):
    old = effective(org=world.org_a, actor=world.org_admin, signed_on=D(2025, 6, 3), filed_on=D(2025, 6, 5))
    assert old.term_ends_on == D(2028, 6, 3)

    services.contracts_due_job(today=D(2028, 4, 4))  # 60 days before the term ends
    assert Notification.objects.filter(category=services.REMINDER_RENEWAL).count() == 1
    services.contracts_due_job(today=D(2028, 6, 4))
    old.refresh_from_db()
    assert old.status == ContractStatus.EXPIRED

    traveller = time_machine.travel(dt.datetime(2028, 6, 20, 9, tzinfo=dt.UTC), tick=False)
    traveller.start()
    renewal = services.contract_renew(contract=old, actor=world.org_admin)
    assert (renewal.status, renewal.renews, renewal.kind) == (ContractStatus.DRAFT, old, old.kind)
    with pytest.raises(ValidationError):
        services.contract_renew(contract=old, actor=world.org_admin)
    services.contract_approve(contract=renewal, approved_on=D(2028, 6, 10), actor=world.org_admin)
    services.contract_sign(
        contract=renewal,
        signed_on=D(2028, 6, 12),
        term_starts_on=D(2028, 6, 12),
        term_ends_on=D(2031, 6, 11),
        actor=world.org_admin,
    )
    services.contract_file(
        contract=renewal, filed_on=D(2028, 6, 13), filed_with="人社局", actor=world.org_admin
    )
    traveller.stop()
    services.contracts_due_job(today=D(2028, 7, 20))

    old.refresh_from_db()
    renewal.refresh_from_db()
    assert (old.status, renewal.status) == (ContractStatus.SUPERSEDED, ContractStatus.EFFECTIVE)


def test_negotiation_moves_through_meetings_to_agreement(world):
    talk = negotiation(org=world.org_a, actor=world.org_admin)

    with pytest.raises(ValidationError):
        services.negotiation_conclude(negotiation=talk, agreed=True, actor=world.org_admin)
    services.negotiation_meeting_add(
        negotiation=talk,
        held_on=D(2025, 3, 10),
        minutes="双方就工资增长幅度达成初步意见",
        actor=world.org_admin,
    )
    talk.refresh_from_db()
    assert talk.status == NegotiationStatus.NEGOTIATING
    services.negotiation_conclude(negotiation=talk, agreed=True, actor=world.org_admin)

    talk.refresh_from_db()
    assert talk.status == NegotiationStatus.AGREED
    assert [row.action for row in timeline_for(talk)] == ["created", "meeting", "status"]


def test_coverage_counts_grassroots_unions_with_an_effective_contract_of_the_kind(
    world, django_assert_num_queries
):
    # given: county X has org A (effective 综合 and 女职工专项) and two more units (one filed only, one without)
    extra_filed = OrgFactory.create(parent=world.county_x, name="甲县民办学校工会", is_private=True)
    OrgFactory.create(parent=world.county_x, name="甲县第二中学工会")
    effective(org=world.org_a, actor=world.org_admin)
    effective(org=world.org_a, actor=world.org_admin, kind=ContractKind.WOMEN)
    county_admin = UserFactory.create(username="county_contracts")
    RoleGrantFactory.create(user=county_admin, role=UNION_ADMIN, org=world.county_x)
    filed(org=extra_filed, actor=county_admin)

    # then
    county = contract_coverage(world.county_x, ContractKind.COMPREHENSIVE)
    assert (county.units, county.covered, county.rate) == (3, 1, 33.3)
    women = contract_coverage(world.city, ContractKind.WOMEN)
    assert (women.units, women.covered, women.rate) == (4, 1, 25.0)
    assert contract_coverage(world.county_y, ContractKind.WAGE).rate == 0.0
    with django_assert_num_queries(2):
        total, rows = contract_coverage_board(world.city, ContractKind.COMPREHENSIVE)
    assert (total.units, total.covered) == (4, 1)
    assert [(r.org, r.figures.units, r.figures.covered) for r in rows] == [
        (world.county_x, 3, 1),
        (world.county_y, 1, 0),
    ]
