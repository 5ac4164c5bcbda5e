"""The state machine: allowed moves save the state and write the timeline; refusals change nothing.

The org model stands in for any stateful object: its `status` (OrgStatus) is the state field."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from gonghui.core.models import TimelineEntry
from gonghui.core.timeline import timeline_for
from gonghui.core.workflow import Transition, Workflow
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org


class Act(models.TextChoices):
    CLOSE = "close", "停用"
    REOPEN = "reopen", "恢复"
    TOUCH = "touch", "核对"


def _only_admin_a(actor, obj) -> bool:
    return getattr(actor, "username", "") == "admin_a"


WORKFLOW = Workflow(
    state_field="status",
    state_enum=OrgStatus,
    transitions=(
        Transition(
            action=Act.CLOSE,
            sources=frozenset({OrgStatus.ACTIVE}),
            target=OrgStatus.INACTIVE,
            allowed=_only_admin_a,
            note_required=True,
        ),
        Transition(action=Act.REOPEN, sources=frozenset({OrgStatus.INACTIVE}), target=OrgStatus.ACTIVE),
        Transition(
            action=Act.TOUCH,
            sources=frozenset({OrgStatus.ACTIVE, OrgStatus.INACTIVE}),
            target=OrgStatus.ACTIVE,
        ),
    ),
)


def _status(org: Org) -> str:
    return Org.objects.get(pk=org.pk).status


def test_allowed_transition_saves_the_state_and_writes_the_timeline(world):
    # given
    org = world.org_a
    # when
    result = WORKFLOW.apply(org, action=Act.CLOSE, actor=world.org_admin, note="学校撤并")
    # then
    assert org.status == OrgStatus.INACTIVE
    assert _status(org) == OrgStatus.INACTIVE
    entry = TimelineEntry.objects.get()
    assert entry.subject == org
    assert entry.actor == world.org_admin
    assert (entry.action, entry.action_label) == ("close", "停用")
    assert (entry.from_state, entry.to_state) == ("active", "inactive")
    assert entry.note == "学校撤并"
    assert result is org


def test_action_may_be_given_as_a_string(world):
    # when
    WORKFLOW.apply(world.org_a, action="close", actor=world.org_admin, note="撤并")
    # then
    assert _status(world.org_a) == OrgStatus.INACTIVE


def test_transition_bumps_updated_at_but_saves_no_other_field(world):
    # given an unsaved edit lying on the instance
    org = world.org_a
    org.address = "未保存的地址"
    later = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    # when
    with time_machine.travel(later, tick=False):
        WORKFLOW.apply(org, action=Act.CLOSE, actor=world.org_admin, note="撤并")
    # then
    stored = Org.objects.get(pk=org.pk)
    assert stored.updated_at == later
    assert stored.address == ""


def test_update_fields_are_saved_with_the_state(world):
    # given
    org = world.org_a
    org.chair_name = "王主席"
    org.address = "不保存"
    # when
    WORKFLOW.apply(org, action=Act.CLOSE, actor=world.org_admin, note="撤并", update_fields=["chair_name"])
    # then
    stored = Org.objects.get(pk=org.pk)
    assert (stored.status, stored.chair_name, stored.address) == (OrgStatus.INACTIVE, "王主席", "")


def test_disallowed_state_raises_in_chinese_and_changes_nothing(world):
    # given an active org, which cannot be reopened
    org = world.org_a
    # when
    with pytest.raises(ValidationError) as exc_info:
        WORKFLOW.apply(org, action=Act.REOPEN, actor=world.org_admin)
    # then
    assert exc_info.value.messages == ["当前状态“正常”下不能执行“恢复”"]
    assert org.status == OrgStatus.ACTIVE
    assert _status(org) == OrgStatus.ACTIVE
    assert TimelineEntry.objects.count() == 0


def test_guard_refuses_with_permission_denied_and_changes_nothing(world):
    # given an actor the guard refuses
    org = world.org_a
    # when
    with pytest.raises(PermissionDenied) as exc_info:
        WORKFLOW.apply(org, action=Act.CLOSE, actor=world.outsider, note="撤并")
    # then
    assert str(exc_info.value) == "您没有执行该操作的权限"
    assert org.status == OrgStatus.ACTIVE
    assert _status(org) == OrgStatus.ACTIVE
    assert TimelineEntry.objects.count() == 0


def test_guard_is_checked_before_the_note(world):
    # when a refused actor also gives no note
    with pytest.raises(PermissionDenied):
        WORKFLOW.apply(world.org_a, action=Act.CLOSE, actor=world.outsider)
    # then
    assert _status(world.org_a) == OrgStatus.ACTIVE


@pytest.mark.parametrize("note", ["", "   ", "\n\t"])
def test_note_required(world, note):
    # given
    org = world.org_a
    # when
    with pytest.raises(ValidationError) as exc_info:
        WORKFLOW.apply(org, action=Act.CLOSE, actor=world.org_admin, note=note)
    # then
    assert exc_info.value.message_dict == {"note": ["请填写停用的理由"]}
    assert org.status == OrgStatus.ACTIVE
    assert _status(org) == OrgStatus.ACTIVE
    assert TimelineEntry.objects.count() == 0


def test_note_is_optional_where_not_required(world):
    # given
    Org.objects.filter(pk=world.org_a.pk).update(status=OrgStatus.INACTIVE)
    org = Org.objects.get(pk=world.org_a.pk)
    # when
    WORKFLOW.apply(org, action=Act.REOPEN, actor=world.outsider)
    # then
    assert _status(org) == OrgStatus.ACTIVE
    assert TimelineEntry.objects.get().note == ""


def test_unknown_action_is_refused(world):
    # when
    with pytest.raises(ValidationError) as exc_info:
        WORKFLOW.apply(world.org_a, action="fly", actor=world.org_admin)
    # then
    assert exc_info.value.messages == ["未知操作：fly"]
    assert TimelineEntry.objects.count() == 0


def test_self_transition_is_recorded(world):
    # when
    WORKFLOW.apply(world.org_a, action=Act.TOUCH, actor=world.org_admin)
    # then
    entry = TimelineEntry.objects.get()
    assert (entry.from_state, entry.to_state, entry.action_label) == ("active", "active", "核对")


def test_anonymous_actor_is_recorded_as_nobody(world):
    # when
    WORKFLOW.apply(world.org_a, action=Act.TOUCH, actor=AnonymousUser())
    # then
    assert TimelineEntry.objects.get().actor is None


def test_successive_transitions_build_the_timeline(world):
    # given
    org = world.org_a
    # when
    WORKFLOW.apply(org, action=Act.CLOSE, actor=world.org_admin, note="撤并")
    WORKFLOW.apply(org, action=Act.REOPEN, actor=world.org_admin)
    # then
    rows = [(e.action, e.from_state, e.to_state) for e in timeline_for(org)]
    assert rows == [("close", "active", "inactive"), ("reopen", "inactive", "active")]


@pytest.mark.parametrize(
    ("_case", "actor", "status", "action", "allowed"),
    [
        ("guard passes in the source state", "org_admin", OrgStatus.ACTIVE, Act.CLOSE, True),
        ("guard refuses", "outsider", OrgStatus.ACTIVE, Act.CLOSE, False),
        ("wrong source state", "org_admin", OrgStatus.INACTIVE, Act.CLOSE, False),
        ("no guard", "outsider", OrgStatus.INACTIVE, Act.REOPEN, True),
        ("unknown action", "org_admin", OrgStatus.ACTIVE, "fly", False),
    ],
)
def test_can(request, world, _case, actor, status, action, allowed):
    # given
    org = world.org_a
    org.status = status
    # then
    assert WORKFLOW.can(org, action, request.getfixturevalue(actor)) is allowed


def test_available_actions(world):
    # given
    org = world.org_a
    # then
    assert [t.action for t in WORKFLOW.available_actions(org, world.org_admin)] == [Act.CLOSE, Act.TOUCH]
    assert [t.action for t in WORKFLOW.available_actions(org, world.outsider)] == [Act.TOUCH]
    org.status = OrgStatus.INACTIVE
    assert [t.action for t in WORKFLOW.available_actions(org, world.outsider)] == [Act.REOPEN, Act.TOUCH]


def test_transition_for(world):
    assert WORKFLOW.transition_for(Act.REOPEN).target == OrgStatus.ACTIVE
    assert WORKFLOW.transition_for("close").note_required is True
    with pytest.raises(ValidationError):
        WORKFLOW.transition_for("fly")


def test_permits_asks_who_may_act_whatever_the_state(world):
    # given org A is inactive: 停用 is not open now
    org = world.org_a
    org.status = OrgStatus.INACTIVE
    # then the one allowed to 停用 is still permitted (the page shows "not in this state"), others are not (403)
    assert WORKFLOW.can(org, Act.CLOSE, world.org_admin) is False
    assert WORKFLOW.permits(org, Act.CLOSE, world.org_admin) is True
    assert WORKFLOW.permits(org, Act.CLOSE, world.outsider) is False
    assert WORKFLOW.permits(org, Act.REOPEN, world.outsider) is True
    assert WORKFLOW.permits(org, "unknown", world.org_admin) is False


def test_check_refuses_as_apply_would_and_changes_nothing(world):
    org = world.org_a
    with pytest.raises(ValidationError) as exc_info:
        WORKFLOW.check(org, action=Act.REOPEN, actor=world.org_admin)
    assert exc_info.value.messages == ["当前状态“正常”下不能执行“恢复”"]
    with pytest.raises(PermissionDenied):
        WORKFLOW.check(org, action=Act.CLOSE, actor=world.outsider, note="撤并")
    admin_a = type("Actor", (), {"username": "admin_a"})()
    with pytest.raises(ValidationError) as exc_info:
        WORKFLOW.check(org, action=Act.CLOSE, actor=admin_a, note="  ")
    assert exc_info.value.message_dict == {"note": ["请填写停用的理由"]}
    assert WORKFLOW.check(org, action=Act.CLOSE, actor=admin_a).action == Act.CLOSE  # the note comes later
    assert WORKFLOW.check(org, action=Act.CLOSE, actor=admin_a, note="撤并").target == OrgStatus.INACTIVE
    assert _status(org) == OrgStatus.ACTIVE
    assert TimelineEntry.objects.count() == 0
