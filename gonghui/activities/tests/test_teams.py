"""Teams sent to events above the platform (services): the flow 组建中 → 待市总审核 → 已批准 → 成绩; 退回 with a reason
and 重新报送; the roster rules (size limit, each member once, only the team's union subtree, locked once
submitted); who may approve (the root's `activities.manage`, never the submitter, never a county admin); 撤销."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_cadre
from gonghui.activities.choices import DelegationAction, DelegationRole, DelegationStatus
from gonghui.activities.models import DelegationMember
from gonghui.activities.services.teams import (
    delegation_approve,
    delegation_member_add,
    delegation_member_remove,
    delegation_result_record,
    delegation_return,
    delegation_submit,
    delegation_withdraw,
)
from gonghui.core.timeline import timeline_for
from gonghui.members.tests.factories import MemberFactory
from gonghui.notifications.models import Notification

from .factories_teams import city_admin, make_delegation, members_of, ready_roster

pytestmark = pytest.mark.django_db


def test_flow_from_draft_to_results(world):
    # given a team of org A starting today, with a leader (org A's member) and two players
    today = timezone.localdate()
    delegation = make_delegation(world, event_starts_on=today, event_ends_on=today + dt.timedelta(days=1))
    players = ready_roster(world, delegation)
    approver = city_admin(world)
    # when org A submits and the city union approves
    delegation_submit(delegation=delegation, actor=world.org_admin)
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.SUBMITTED
    assert delegation.submitted_at is not None
    delegation_approve(delegation=delegation, actor=approver)
    # then the roster's portal account is told, and results can be recorded (team and per member)
    delegation.refresh_from_db()
    assert (delegation.status, delegation.decided_by) == (DelegationStatus.APPROVED, approver)
    assert Notification.objects.get(recipient=world.org_member).url == "/portal/activities/teams/"
    entry = DelegationMember.objects.get(delegation=delegation, member=players[0])
    delegation_result_record(
        delegation=delegation,
        actor=world.org_admin,
        result="团体第三名",
        member_results={entry.pk: "最佳射手"},
    )
    delegation.refresh_from_db()
    entry.refresh_from_db()
    assert (delegation.result, entry.result) == ("团体第三名", "最佳射手")
    assert list(timeline_for(delegation).values_list("action", flat=True)) == [
        DelegationAction.CREATED,
        *[DelegationAction.MEMBER_ADDED] * 3,
        DelegationAction.SUBMITTED,
        DelegationAction.APPROVED,
        DelegationAction.RESULT,
    ]


def test_results_wait_for_approval_and_the_event(world):
    # given an approved team whose event starts in 20 days, and a submitted one starting today
    later = make_delegation(world)
    ready_roster(world, later)
    delegation_submit(delegation=later, actor=world.org_admin)
    delegation_approve(delegation=later, actor=city_admin(world))
    # when / then results are refused before the event, and before approval
    with pytest.raises(ValidationError, match="开始后才能登记成绩"):
        delegation_result_record(delegation=later, actor=world.org_admin, result="第一名", member_results={})
    today = timezone.localdate()
    now = make_delegation(world, name="乙队", event_starts_on=today, event_ends_on=today)
    with pytest.raises(ValidationError, match="批准后才能登记成绩"):
        delegation_result_record(delegation=now, actor=world.org_admin, result="第一名", member_results={})


def test_return_with_a_reason_then_resubmit(world):
    # given a submitted team
    delegation = make_delegation(world)
    ready_roster(world, delegation)
    delegation_submit(delegation=delegation, actor=world.org_admin)
    approver = city_admin(world)
    # when the city returns it without a reason, then with one
    with pytest.raises(ValidationError):
        delegation_return(delegation=delegation, actor=approver, reason="  ")
    delegation_return(delegation=delegation, actor=approver, reason="缺少队长")
    delegation.refresh_from_db()
    assert (delegation.status, delegation.decision_note) == (DelegationStatus.RETURNED, "缺少队长")
    # then org A can change the roster again and submit once more
    captain = members_of(world.org_a, 1, prefix="队长")[0]
    delegation_member_add(
        delegation=delegation, actor=world.org_admin, who=captain.member_number, role=DelegationRole.CAPTAIN
    )
    delegation_submit(delegation=delegation, actor=world.org_admin)
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.SUBMITTED
    assert timeline_for(delegation).filter(action=DelegationAction.RETURNED).get().note == "缺少队长"


def test_submit_needs_a_player_and_a_leader_or_coach(world):
    delegation = make_delegation(world)
    player = members_of(world.org_a, 1)[0]
    delegation_member_add(
        delegation=delegation, actor=world.org_admin, who=player.member_number, role=DelegationRole.PLAYER
    )
    with pytest.raises(ValidationError, match="须有领队或教练"):
        delegation_submit(delegation=delegation, actor=world.org_admin)
    # a coach who is not a member counts
    delegation.coach_name = "王教练"
    delegation.save(update_fields=["coach_name"])
    delegation_submit(delegation=delegation, actor=world.org_admin)
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.SUBMITTED


def test_roster_rules(world):
    # given a team of org A limited to 2 people, members of org A and one of org B
    delegation = make_delegation(world, max_size=2)
    first, second, third = members_of(world.org_a, 3)
    stranger = members_of(world.org_b, 1, prefix="乙")[0]
    add = lambda who: delegation_member_add(  # noqa: E731
        delegation=delegation, actor=world.org_admin, who=who, role=DelegationRole.PLAYER
    )
    add(first.member_number)
    # then the same member twice is refused
    with pytest.raises(ValidationError, match="已在名单中"):
        add(first.name)
    # a member outside the team's union reads the same as nobody at all
    with pytest.raises(ValidationError) as outside:
        add(stranger.member_number)
    with pytest.raises(ValidationError) as nobody:
        add("NO-SUCH-NUMBER")
    assert str(outside.value).replace(stranger.member_number, "?") == str(nobody.value).replace(
        "NO-SUCH-NUMBER", "?"
    )
    # the size limit holds
    add(second.member_number)
    with pytest.raises(ValidationError, match="名单已满"):
        add(third.member_number)
    assert DelegationMember.objects.filter(delegation=delegation).count() == 2


def test_roster_is_locked_once_submitted(world):
    delegation = make_delegation(world)
    ready_roster(world, delegation)
    delegation_submit(delegation=delegation, actor=world.org_admin)
    entry = DelegationMember.objects.filter(delegation=delegation).order_by("pk")[0]
    with pytest.raises(ValidationError, match="不能调整名单"):
        delegation_member_remove(entry=entry, actor=world.org_admin)
    with pytest.raises(ValidationError, match="不能调整名单"):
        delegation_member_add(
            delegation=delegation,
            actor=world.org_admin,
            who=members_of(world.org_a, 1, prefix="新")[0].member_number,
            role=DelegationRole.PLAYER,
        )


def test_a_name_shared_by_two_members_asks_for_the_number(world):
    # given two members of org A called 李明, one of them with a number
    delegation = make_delegation(world)
    MemberFactory.create(org=world.org_a, name="李明", member_number="A-001")
    MemberFactory.create(org=world.org_a, name="李明", member_number="A-002")
    # then the name alone is refused, the number finds one
    with pytest.raises(ValidationError, match="有 2 名会员"):
        delegation_member_add(delegation=delegation, actor=world.org_admin, who="李明", role="player")
    entry = delegation_member_add(delegation=delegation, actor=world.org_admin, who="A-002", role="player")
    assert entry.member.member_number == "A-002"


@pytest.mark.parametrize(
    ("_case", "who", "allowed"),
    [
        ("org A's own admin", "org_admin", False),
        ("the county's admin above org A", "county", False),
        ("org B's admin", "outsider", False),
        ("a city union admin", "city", True),
    ],
)
def test_who_may_approve(world, _case, who, allowed):
    # given a submitted team of org A
    delegation = make_delegation(world)
    ready_roster(world, delegation)
    delegation_submit(delegation=delegation, actor=world.org_admin)
    actor = {
        "org_admin": world.org_admin,
        "county": make_cadre("county_x_admin", world.county_x),
        "outsider": world.outsider,
        "city": city_admin(world),
    }[who]
    # when
    if allowed:
        delegation_approve(delegation=delegation, actor=actor)
    else:
        with pytest.raises(PermissionDenied):
            delegation_approve(delegation=delegation, actor=actor)
    # then
    delegation.refresh_from_db()
    assert delegation.status == (DelegationStatus.APPROVED if allowed else DelegationStatus.SUBMITTED)


def test_a_root_level_team_is_approved_by_another_city_admin(world):
    # given the city union's own team, submitted by a city admin
    submitter, other = city_admin(world), city_admin(world, "city_admin_2")
    delegation = make_delegation(world, org=world.city, actor=submitter)
    ready_roster(world, delegation, actor=submitter)
    delegation_submit(delegation=delegation, actor=submitter)
    # then the submitter cannot approve nor return it; the other city admin can
    with pytest.raises(PermissionDenied):
        delegation_approve(delegation=delegation, actor=submitter)
    with pytest.raises(PermissionDenied):
        delegation_return(delegation=delegation, actor=submitter, reason="自审")
    delegation_approve(delegation=delegation, actor=other)
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.APPROVED


def test_withdraw_and_nothing_after_it(world):
    delegation = make_delegation(world)
    ready_roster(world, delegation)
    delegation_submit(delegation=delegation, actor=world.org_admin)
    with pytest.raises(PermissionDenied):
        delegation_withdraw(delegation=delegation, actor=world.outsider)
    delegation_withdraw(delegation=delegation, actor=world.org_admin)
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        delegation_approve(delegation=delegation, actor=city_admin(world))
