"""会籍 changes: 退会, 退休保留会籍, 登记去世 and 恢复会籍 — each with a date and a reason, a MembershipChange row,
the timeline row (through the workflow) and an audit row; refused in the wrong state or without members.manage."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.members.choices import MemberAction, MembershipChangeKind, MemberStatus
from gonghui.members.models import Member, MembershipChange
from gonghui.members.services import (
    member_actions_available,
    member_death,
    member_leave,
    member_reinstate,
    member_retire_keep,
)
from gonghui.members.tests.factories import MemberFactory

TODAY = dt.date(2026, 3, 1)
SERVICES = {
    "leave": member_leave,
    "retire_keep": member_retire_keep,
    "death": member_death,
    "reinstate": member_reinstate,
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        dt.datetime(2026, 3, 1, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield


@pytest.fixture
def member(world):
    return MemberFactory.create(
        org=world.org_a, name="王秀英", joined_on=dt.date(2010, 9, 1), status_changed_on=dt.date(2010, 9, 1)
    )


@pytest.mark.parametrize(
    ("action", "start", "target", "kind", "from_org", "to_org"),
    [
        ("leave", MemberStatus.ACTIVE, MemberStatus.LEFT, MembershipChangeKind.LEAVE, True, False),
        ("leave", MemberStatus.RETIRED_KEPT, MemberStatus.LEFT, MembershipChangeKind.LEAVE, True, False),
        (
            "retire_keep",
            MemberStatus.ACTIVE,
            MemberStatus.RETIRED_KEPT,
            MembershipChangeKind.RETIRE_KEEP,
            True,
            False,
        ),
        ("death", MemberStatus.ACTIVE, MemberStatus.DECEASED, MembershipChangeKind.DEATH, True, False),
        ("death", MemberStatus.RETIRED_KEPT, MemberStatus.DECEASED, MembershipChangeKind.DEATH, True, False),
        ("reinstate", MemberStatus.LEFT, MemberStatus.ACTIVE, MembershipChangeKind.REINSTATE, False, True),
        (
            "reinstate",
            MemberStatus.RETIRED_KEPT,
            MemberStatus.ACTIVE,
            MembershipChangeKind.REINSTATE,
            False,
            True,
        ),
    ],
)
def test_status_change_records_the_change_everywhere(
    world, member, action, start, target, kind, from_org, to_org
):
    # given
    Member.objects.filter(pk=member.pk).update(status=start)
    member.refresh_from_db()
    # when
    result = SERVICES[action](
        member=member, actor=world.org_admin, happened_on=dt.date(2026, 2, 27), reason=" 本人  申请 "
    )
    # then the state and its date
    stored = Member.objects.get(pk=member.pk)
    assert (stored.status, stored.status_changed_on) == (target, dt.date(2026, 2, 27))
    assert result.status == target
    # and the 会籍变动 row
    change = MembershipChange.objects.get(member=member)
    assert (change.kind, change.happened_on, change.reason, change.actor) == (
        kind,
        dt.date(2026, 2, 27),
        "本人 申请",
        world.org_admin,
    )
    assert (change.from_org, change.to_org) == (
        world.org_a if from_org else None,
        world.org_a if to_org else None,
    )
    # and the timeline row with both states
    entry = timeline_for(member).get()
    assert (entry.action, entry.action_label, entry.from_state, entry.to_state, entry.actor) == (
        action,
        str(MemberAction(action).label),
        start,
        target,
        world.org_admin,
    )
    assert entry.note == "2026年2月27日：本人 申请"
    # and the audit row
    log = AuditLog.objects.get()
    assert (log.action, log.actor, log.org_id, log.object_id) == (
        AuditAction.ADMIN_EDIT,
        world.org_admin,
        world.org_a.pk,
        str(member.pk),
    )
    assert log.summary == (
        f"会员 王秀英 {MemberAction(action).label}：{MemberStatus(start).label} → {MemberStatus(target).label}"
    )


@pytest.mark.parametrize(
    ("action", "start"),
    [
        ("leave", MemberStatus.LEFT),
        ("leave", MemberStatus.DECEASED),
        ("leave", MemberStatus.TRANSFERRED_OUT),
        ("retire_keep", MemberStatus.RETIRED_KEPT),
        ("retire_keep", MemberStatus.LEFT),
        ("death", MemberStatus.DECEASED),
        ("death", MemberStatus.LEFT),
        ("reinstate", MemberStatus.ACTIVE),
        ("reinstate", MemberStatus.DECEASED),
        ("reinstate", MemberStatus.TRANSFERRED_OUT),
    ],
)
def test_status_change_in_the_wrong_state_is_refused(world, member, action, start):
    # given
    Member.objects.filter(pk=member.pk).update(status=start)
    member.refresh_from_db()
    # when
    with pytest.raises(ValidationError) as excinfo:
        SERVICES[action](member=member, actor=world.org_admin, happened_on=dt.date(2026, 2, 1), reason="原因")
    # then
    assert excinfo.value.messages == [
        f"当前状态“{MemberStatus(start).label}”下不能执行“{MemberAction(action).label}”"
    ]
    assert Member.objects.get(pk=member.pk).status == start
    assert not MembershipChange.objects.exists()
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize(
    ("_case", "action", "happened_on", "reason", "errors"),
    [
        ("no reason", "leave", dt.date(2026, 2, 1), "  ", {"reason": ["请填写退会原因"]}),
        ("no date", "death", None, "因病", {"happened_on": ["请填写登记去世日期"]}),
        (
            "date in the future",
            "retire_keep",
            dt.date(2026, 3, 2),
            "退休",
            {"happened_on": ["退休保留会籍日期不能晚于今天"]},
        ),
        (
            "date before joining",
            "leave",
            dt.date(2010, 8, 31),
            "调离",
            {"happened_on": ["退会日期不能早于入会或上次会籍变动日期（2010年9月1日）"]},
        ),
        ("reason too long", "leave", dt.date(2026, 2, 1), "长" * 201, {"reason": ["原因不能超过 200 个字"]}),
    ],
)
def test_status_change_needs_a_date_and_a_reason(world, member, _case, action, happened_on, reason, errors):
    # when
    with pytest.raises(ValidationError) as excinfo:
        SERVICES[action](member=member, actor=world.org_admin, happened_on=happened_on, reason=reason)
    # then
    assert excinfo.value.message_dict == errors
    assert Member.objects.get(pk=member.pk).status == MemberStatus.ACTIVE
    assert not MembershipChange.objects.exists()


def test_reinstate_cannot_predate_the_leave(world, member):
    # given
    member_leave(member=member, actor=world.org_admin, happened_on=dt.date(2025, 6, 1), reason="调离")
    # when
    with pytest.raises(ValidationError) as excinfo:
        member_reinstate(
            member=member, actor=world.org_admin, happened_on=dt.date(2025, 5, 31), reason="返回"
        )
    # then
    assert excinfo.value.message_dict == {
        "happened_on": ["恢复会籍日期不能早于入会或上次会籍变动日期（2025年6月1日）"]
    }


def test_reinstate_is_refused_when_the_person_holds_membership_elsewhere(world, member):
    # given the person left org A and joined org B
    member_leave(member=member, actor=world.org_admin, happened_on=dt.date(2025, 6, 1), reason="调离")
    elsewhere = MemberFactory.create(org=world.org_b, id_number_hash=member.id_number_hash)
    # when org A reinstates them
    with pytest.raises(ValidationError) as excinfo:
        member_reinstate(member=member, actor=world.org_admin, happened_on=dt.date(2026, 1, 1), reason="返回")
    # then the database index refused it and nothing else was written
    assert excinfo.value.message_dict == {
        "happened_on": ["此人已在其他工会在籍，不能恢复会籍；如需回到本会请办理转会"]
    }
    assert Member.objects.get(pk=member.pk).status == MemberStatus.LEFT
    assert list(MembershipChange.objects.values_list("kind", flat=True)) == [MembershipChangeKind.LEAVE]
    assert Member.objects.get(pk=elsewhere.pk).status == MemberStatus.ACTIVE
    assert [e.action for e in timeline_for(member)] == ["leave"]


def test_a_full_membership_life_is_on_the_timeline(world, member):
    # when
    member_retire_keep(member=member, actor=world.org_admin, happened_on=dt.date(2025, 1, 1), reason="退休")
    member_reinstate(member=member, actor=world.org_admin, happened_on=dt.date(2025, 3, 1), reason="返聘")
    member_leave(member=member, actor=world.org_admin, happened_on=dt.date(2025, 9, 1), reason="调离")
    member_reinstate(member=member, actor=world.org_admin, happened_on=dt.date(2026, 1, 1), reason="调回")
    member_death(member=member, actor=world.org_admin, happened_on=dt.date(2026, 2, 28), reason="因病去世")
    # then
    assert list(MembershipChange.objects.filter(member=member).values_list("kind", "happened_on")) == [
        ("retire_keep", dt.date(2025, 1, 1)),
        ("reinstate", dt.date(2025, 3, 1)),
        ("leave", dt.date(2025, 9, 1)),
        ("reinstate", dt.date(2026, 1, 1)),
        ("death", dt.date(2026, 2, 28)),
    ]
    assert [(e.from_state, e.to_state) for e in timeline_for(member).order_by("id")] == [
        ("active", "retired_kept"),
        ("retired_kept", "active"),
        ("active", "left"),
        ("left", "active"),
        ("active", "deceased"),
    ]


def test_the_system_may_change_a_status_without_an_audit_row(world, member):
    # when
    member_leave(member=member, actor=None, happened_on=dt.date(2026, 1, 1), reason="六个月未交会费")
    # then
    assert Member.objects.get(pk=member.pk).status == MemberStatus.LEFT
    assert MembershipChange.objects.get().actor is None
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize(
    ("_case", "actor", "allowed"),
    [
        ("outsider", "outsider", False),
        ("plain member", "org_member", False),
        ("county admin above", "county_admin_x", True),
        ("staff may change", "staff_a", True),
        ("org admin may change", "org_admin", True),
    ],
)
@pytest.mark.parametrize("action", ["leave", "retire_keep", "death"])
def test_status_change_needs_members_manage(request, world, member, _case, actor, allowed, action):
    # given
    user = request.getfixturevalue(actor)
    # when
    if allowed:
        SERVICES[action](member=member, actor=user, happened_on=dt.date(2026, 1, 1), reason="原因")
    else:
        with pytest.raises(PermissionDenied):
            SERVICES[action](member=member, actor=user, happened_on=dt.date(2026, 1, 1), reason="原因")
    # then
    assert (Member.objects.get(pk=member.pk).status != MemberStatus.ACTIVE) is allowed
    assert MembershipChange.objects.exists() is allowed


@pytest.fixture
def county_admin_x(world):
    from conftest import make_cadre

    return make_cadre("county_x_admin", world.county_x)


@pytest.mark.parametrize(
    ("start", "actor", "actions"),
    [
        (MemberStatus.ACTIVE, "org_admin", ["leave", "retire_keep", "death"]),
        (MemberStatus.RETIRED_KEPT, "org_admin", ["leave", "death", "reinstate"]),
        (MemberStatus.LEFT, "org_admin", ["reinstate"]),
        (MemberStatus.DECEASED, "org_admin", []),
        (MemberStatus.TRANSFERRED_OUT, "org_admin", []),
        (MemberStatus.ACTIVE, "outsider", []),
        (MemberStatus.ACTIVE, "org_member", []),
    ],
)
def test_available_actions_follow_state_and_actor(request, world, member, start, actor, actions):
    # given
    member.status = start
    # when
    available = member_actions_available(member=member, actor=request.getfixturevalue(actor))
    # then
    assert [str(a) for a in available] == actions
