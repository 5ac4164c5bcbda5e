"""换届: the record's steps and who may take them (the union runs its own, the union above gives the 批复), completion
starting the union's committees' new term, the term list of a subtree, the reminders, and the pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.roles import UNION_STAFF
from gonghui.congresses.choices import ElectionStatus
from gonghui.congresses.selectors.elections import TermFilters, remind_stage, term_list
from gonghui.congresses.services import elections as services
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification
from gonghui.orgs.choices import CommitteeKind
from gonghui.orgs.models import Committee, Org
from gonghui.orgs.services.committees import committee_create

from .factories_elections import branch_union, election_at

TODAY = timezone.localdate()


def _term(org, *, ends_in_days):
    ends = TODAY + dt.timedelta(days=ends_in_days)
    Org.objects.filter(pk=org.pk).update(term_started_on=ends - dt.timedelta(days=5 * 365), term_ends_on=ends)
    return Org.objects.get(pk=org.pk)


@pytest.fixture
def upper_admin(world):
    """An admin of 甲县教育工会, the union above org A."""
    return make_cadre("admin_x", world.county_x)


@pytest.fixture
def org_a(world):
    return _term(world.org_a, ends_in_days=-20)


# --- services -------------------------------------------------------------------------------------------------


def test_whole_election_starts_the_new_committee_term(world, org_a, upper_admin):
    old_start = org_a.term_started_on
    union = committee_create(
        org=org_a,
        kind=CommitteeKind.UNION,
        actor=world.org_admin,
        data={
            "term_started_on": old_start,
            "term_ends_on": org_a.term_ends_on,
            "elected_on": None,
            "approved_on": None,
            "approval_reference": "",
        },
    )
    women = committee_create(
        org=org_a,
        kind=CommitteeKind.WOMEN,
        actor=world.org_admin,
        data={
            "term_started_on": old_start,
            "term_ends_on": org_a.term_ends_on,
            "elected_on": None,
            "approved_on": None,
            "approval_reference": "",
        },
    )

    election = election_at(org=org_a, runner=world.org_admin, approver=upper_admin, step="completed")

    election.refresh_from_db()
    assert election.status == ElectionStatus.COMPLETED
    assert election.old_term_ends_on == TODAY - dt.timedelta(days=20)
    assert election.plan_reference == "工发〔2025〕1号"
    assert election.result_reference == "工发〔2025〕2号"
    org = Org.objects.get(pk=org_a.pk)
    assert (org.term_started_on, org.term_ends_on) == (TODAY, TODAY + dt.timedelta(days=5 * 365))
    union.refresh_from_db()
    women.refresh_from_db()
    assert (union.is_current, union.term_started_on) == (False, old_start)  # the past term kept on history
    assert women.is_current is False
    current = {c.kind: c for c in Committee.objects.filter(org=org, is_current=True)}
    assert set(current) == {CommitteeKind.UNION, CommitteeKind.WOMEN}
    assert current[CommitteeKind.WOMEN].term_ends_on == TODAY + dt.timedelta(days=5 * 365)
    assert current[CommitteeKind.UNION].approval_reference == "工发〔2025〕2号"
    assert [row.action for row in timeline_for(election)] == [
        "created",
        "requested",
        "plan_approved",
        "elected",
        "completed",
    ]
    # the union above heard of the 请示 and the result; the union of both 批复
    assert Notification.objects.filter(recipient=upper_admin).count() == 2
    assert Notification.objects.filter(recipient=world.org_admin).count() == 2


def test_completion_records_a_union_committee_when_none_exists(world, org_a, upper_admin):
    election_at(org=org_a, runner=world.org_admin, approver=upper_admin, step="completed")

    committee = Committee.objects.get(org=org_a, is_current=True)
    assert committee.kind == CommitteeKind.UNION
    assert committee.elected_on == TODAY


def test_a_union_never_approves_its_own_election(world, org_a):
    election = election_at(org=org_a, runner=world.org_admin, approver=None, step="requested")

    with pytest.raises(PermissionDenied):
        services.election_approve_plan(
            election=election, actor=world.org_admin, approved_on=TODAY, reference="自批〔2025〕1号"
        )
    election.refresh_from_db()
    assert election.status == ElectionStatus.REQUESTED


def test_the_other_county_may_not_run_or_approve(world, org_a, upper_admin):
    election = election_at(org=org_a, runner=world.org_admin, approver=upper_admin, step="planning")

    with pytest.raises(PermissionDenied):
        services.election_request(election=election, actor=world.outsider, requested_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.election_start(org=org_a, actor=world.outsider)


def test_upper_staff_without_org_management_cannot_complete(world, org_a, upper_admin):
    staff = make_cadre("staff_x", world.county_x, role=UNION_STAFF)
    election = election_at(org=org_a, runner=world.org_admin, approver=upper_admin, step="elected")

    with pytest.raises(ValidationError, match="工会管理员"):
        services.election_approve_result(
            election=election, actor=staff, approved_on=TODAY, reference="工发〔2025〕9号"
        )
    election.refresh_from_db()
    assert election.status == ElectionStatus.ELECTED
    assert Org.objects.get(pk=org_a.pk).term_ends_on == TODAY - dt.timedelta(days=20)
    assert not Committee.objects.filter(org=org_a).exists()


@pytest.mark.parametrize(
    ("_case", "data", "field"),
    [
        ("term before the election", {"term_started_on": TODAY - dt.timedelta(days=1)}, "term_started_on"),
        ("term end not after its start", {"term_ends_on": TODAY}, "term_ends_on"),
        ("election in the future", {"elected_on": TODAY + dt.timedelta(days=1)}, "elected_on"),
    ],
)
def test_result_rules_name_the_field(world, org_a, upper_admin, _case, data, field):
    election = election_at(org=org_a, runner=world.org_admin, approver=upper_admin, step="plan_approved")
    values = {"elected_on": TODAY, "term_started_on": TODAY, "term_ends_on": TODAY + dt.timedelta(days=1000)}

    with pytest.raises(ValidationError) as raised:
        services.election_record_result(election=election, actor=world.org_admin, **{**values, **data})
    assert field in raised.value.message_dict
    election.refresh_from_db()
    assert election.status == ElectionStatus.PLAN_APPROVED


def test_approval_needs_a_reference_and_one_open_election_per_union(world, org_a, upper_admin):
    election = election_at(org=org_a, runner=world.org_admin, approver=upper_admin, step="requested")

    with pytest.raises(ValidationError) as raised:
        services.election_approve_plan(
            election=election, actor=upper_admin, approved_on=TODAY, reference="  "
        )
    assert raised.value.message_dict == {"reference": ["请填写批复文号"]}
    with pytest.raises(ValidationError, match="正在办理的换届"):
        services.election_start(org=org_a, actor=world.org_admin)


def test_cancel_keeps_the_term_and_allows_a_new_start(world, org_a, upper_admin):
    election = election_at(org=org_a, runner=world.org_admin, approver=upper_admin, step="plan_approved")

    with pytest.raises(ValidationError):
        services.election_cancel(election=election, actor=world.org_admin, reason=" ")
    services.election_cancel(election=election, actor=world.org_admin, reason="单位改制，暂缓换届")

    election.refresh_from_db()
    assert election.status == ElectionStatus.CANCELLED
    assert "单位改制" in election.note
    assert services.election_start(org=org_a, actor=world.org_admin).status == ElectionStatus.PLANNING


# --- term list and reminders ----------------------------------------------------------------------------------


def test_term_list_of_a_subtree(world, org_a, upper_admin):
    due = branch_union(parent=org_a, code="KTL1", ends_in_days=60)
    branch_union(parent=org_a, code="KTL2", ends_in_days=200)  # not yet due
    _term(world.org_b, ends_in_days=-5)  # the other county
    election = election_at(org=due, runner=world.org_admin, approver=upper_admin, step="requested")

    rows = {org.code: org for org in term_list(world.org_admin, TermFilters())}
    assert list(rows) == [org_a.code, due.code]  # most overdue first
    assert rows[due.code].election_public_id == election.public_id
    assert rows[org_a.code].election_public_id is None
    assert [o.code for o in term_list(world.org_admin, TermFilters(state="overdue"))] == [org_a.code]
    assert [o.code for o in term_list(upper_admin, TermFilters(county=world.county_x))] == [
        org_a.code,
        due.code,
    ]
    assert list(term_list(world.outsider, TermFilters(query="KTL"))) == []
    assert [o.code for o in term_list(world.outsider, TermFilters())] == [world.org_b.code]


def test_remind_stage():
    """180, 90 or 30 days before the end (the smallest reached), 0 once ended, None before 180 days."""
    cases = {200: None, 180: 180, 120: 180, 90: 90, 31: 90, 30: 30, 0: 30, -1: 0}
    assert {days: remind_stage(TODAY + dt.timedelta(days=days), TODAY) for days in cases} == cases


def test_reminders_go_once_to_the_union_then_to_the_union_above(world, org_a, upper_admin):
    soon = branch_union(parent=org_a, code="KRM1", ends_in_days=80)
    busy = branch_union(parent=org_a, code="KRM2", ends_in_days=10)
    services.election_start(org=busy, actor=world.org_admin)  # a 换届 under way: no reminder
    soon_admin = make_cadre("admin_soon", soon)

    assert services.term_reminders_job() == "换届提醒 2 条"
    assert services.term_reminders_job() == "换届提醒 0 条"  # each message once

    assert list(Notification.objects.filter(recipient=soon_admin).values_list("title", flat=True)) == [
        f"换届提醒：本届任期{soon.term_ends_on:%Y-%m-%d}届满（90天内）"
    ]
    overdue = Notification.objects.get(recipient=upper_admin)
    assert overdue.title == f"换届超期：{org_a.name}（任期{org_a.term_ends_on:%Y-%m-%d}届满）"
    assert not Notification.objects.filter(title__contains="KRM2").exists()
