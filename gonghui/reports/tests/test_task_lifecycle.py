"""A 报送 task's life: define, edit, publish, 催报, close and delete, each refusal with its exact message, what
is recorded (timeline, audit) and who is told; the buttons per actor and state."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.reports.choices import ReportKind, SubmissionStatus, TaskStatus
from gonghui.reports.fields import field_lines_parse
from gonghui.reports.models import ReportSubmission, ReportTask
from gonghui.reports.selectors import recipient_users
from gonghui.reports.services import (
    TaskInput,
    report_submission_submit,
    report_task_close,
    report_task_create,
    report_task_delete,
    report_task_publish,
    report_task_remind,
    report_task_update,
)
from gonghui.reports.workflows import task_available_actions

from .factories import FIELDS, make_task

pytestmark = pytest.mark.django_db


def _input(org, **kwargs):
    values: dict[str, Any] = {
        "title": "教职工人数统计",
        "instructions": "请如实填报",
        "kind": ReportKind.FORM,
        "deadline": timezone.localdate() + dt.timedelta(days=5),
        "targets": [OrgTarget(kind=TargetKind.CHILDREN, org_id=org.pk)],
        "fields": field_lines_parse(FIELDS),
    }
    values.update(kwargs)
    return TaskInput(**values)


def _county_draft(rw, **kwargs):
    return make_task(org=rw.world.county_x, actor=rw.county_admin, publish=False, **kwargs)


def _last(task):
    entry = list(timeline_for(task))[-1]
    return (entry.action, entry.to_state, entry.note)


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"title": "题" * 101}, {"title": ["标题不能超过 100 个字"]}),
        ({"kind": "paper"}, {"kind": ["请选择报送方式"]}),
        (
            {"title": "", "targets": []},
            {"title": ["请填写标题"], "targets": ["请选择报送对象"]},
        ),
    ],
)
def test_a_definition_names_every_bad_field(rw, changes, errors):
    with pytest.raises(ValidationError) as exc:
        report_task_create(
            org=rw.world.county_x, actor=rw.county_admin, data=_input(rw.world.county_x, **changes)
        )
    assert exc.value.message_dict == errors


def test_targets_that_reach_nobody_are_refused(rw):
    w = rw.world
    with pytest.raises(ValidationError) as exc:
        report_task_create(
            org=w.org_b,
            actor=w.outsider,
            data=_input(w.org_b, targets=[OrgTarget(kind=TargetKind.CHILDREN, org_id=w.org_b.pk)]),
        )
    assert exc.value.message_dict == {"targets": ["所选范围内没有可报送的下级组织"]}


def test_a_draft_is_created_by_the_senders_managers_only(rw):
    w = rw.world
    for actor in (w.org_member, w.outsider, w.org_admin):
        with pytest.raises(PermissionDenied):
            report_task_create(org=w.county_x, actor=actor, data=_input(w.county_x))
    task = report_task_create(
        org=w.county_x, actor=rw.county_admin, data=_input(w.county_x, title="  教职工   人数 ")
    )
    assert (task.status, task.title, task.created_by_id) == (
        TaskStatus.DRAFT,
        "教职工 人数",
        rw.county_admin.pk,
    )
    assert [f["key"] for f in task.fields] == ["f1", "f2", "f3", "f4"]


def test_an_unchanged_edit_records_nothing_and_a_change_is_audited(rw):
    task = _county_draft(rw)
    same = _input(rw.world.county_x, title=task.title, deadline=task.deadline)
    report_task_update(task=task, actor=rw.county_admin, data=same)
    assert not AuditLog.objects.filter(action=AuditAction.ADMIN_EDIT).exists()
    report_task_update(
        task=task,
        actor=rw.county_admin,
        data=_input(
            rw.world.county_x, title="教职工人数统计（修订）", deadline=task.deadline + dt.timedelta(days=1)
        ),
    )
    audit = AuditLog.objects.get(action=AuditAction.ADMIN_EDIT)
    assert audit.summary == "修改报送任务“教职工人数统计（修订）”"
    assert audit.detail == {"changed": ["title", "deadline"]}


def test_only_the_senders_managers_edit_and_only_drafts(rw, city_task):
    with pytest.raises(PermissionDenied):
        report_task_update(task=_county_draft(rw), actor=rw.world.outsider, data=_input(rw.world.county_x))
    with pytest.raises(ValidationError) as exc:
        report_task_update(task=city_task, actor=rw.city_admin, data=_input(rw.world.city))
    assert exc.value.messages == ["只有草稿可以修改，已下发的报送任务不能再修改"]


def test_publishing_reaches_the_children_and_notifies_their_cadres(rw):
    w = rw.world
    task = _county_draft(rw)
    assert report_task_publish(task=task, actor=rw.county_admin) == 1
    assert list(ReportSubmission.objects.filter(task=task).values_list("org__code", "status")) == [
        ("ORGA", SubmissionStatus.PENDING)
    ]
    assert _last(task) == ("publish", "published", "下发至 1 个单位")
    note = Notification.objects.get(recipient=w.org_admin, title="新的报送任务：教职工人数统计")
    deadline = task.deadline
    assert note.body == f"甲县教育工会下发，请于 {deadline.year}年{deadline.month}月{deadline.day}日 前报送"


def test_publishing_refuses_a_passed_deadline_and_a_second_time(rw):
    task = _county_draft(rw)
    ReportTask.objects.filter(pk=task.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        report_task_publish(task=task, actor=rw.county_admin)
    assert exc.value.message_dict == {"deadline": ["截止日期已过，请先修改截止日期再下发"]}
    ReportTask.objects.filter(pk=task.pk).update(deadline=timezone.localdate())
    report_task_publish(task=task, actor=rw.county_admin)
    with pytest.raises(ValidationError) as exc:
        report_task_publish(task=task, actor=rw.county_admin)
    assert exc.value.messages == ["当前状态“已下发”下不能执行“下发”"]
    assert ReportSubmission.objects.filter(task=task).count() == 1


def test_publishing_refuses_when_every_target_was_deactivated(rw):
    task = _county_draft(rw)
    Org.objects.filter(path__startswith=rw.world.org_a.path).update(status=OrgStatus.INACTIVE)
    with pytest.raises(ValidationError) as exc:
        report_task_publish(task=task, actor=rw.county_admin)
    assert exc.value.message_dict == {"targets": ["所选范围内没有可报送的下级组织"]}
    with pytest.raises(PermissionDenied):
        report_task_publish(task=task, actor=rw.world.outsider)


def test_closing_needs_a_published_task_and_its_sender(rw, city_task):
    draft = _county_draft(rw)
    with pytest.raises(ValidationError) as exc:
        report_task_close(task=draft, actor=rw.county_admin)
    assert exc.value.messages == ["当前状态“草稿”下不能执行“结束报送”"]
    for actor in (rw.county_admin, rw.world.org_admin, rw.world.outsider):
        with pytest.raises(PermissionDenied):
            report_task_close(task=city_task, actor=actor)
    closed = report_task_close(task=city_task, actor=rw.city_admin)
    assert (closed.status, _last(closed)[:2]) == (TaskStatus.CLOSED, ("close", "closed"))


def test_remind_counts_the_unsubmitted_and_refuses_when_nothing_is_left(rw, city_task):
    w = rw.world
    draft = _county_draft(rw)
    with pytest.raises(ValidationError) as exc:
        report_task_remind(task=draft, actor=rw.county_admin)
    assert exc.value.messages == ["只有下发中的报送任务可以催报"]
    with pytest.raises(PermissionDenied):
        report_task_remind(task=city_task, actor=w.org_admin)
    report_submission_submit(
        submission=ReportSubmission.objects.get(task=city_task, org=w.org_a),
        actor=w.org_admin,
        values={"f1": "80"},
    )
    assert report_task_remind(task=city_task, actor=rw.city_admin) == 1
    note = Notification.objects.get(recipient=w.outsider, title="催报：教职工人数统计")
    assert note.body == f"测试市教科文卫体工会提醒您尽快报送（截止日期 {city_task.deadline:%Y-%m-%d}）"
    assert not Notification.objects.filter(recipient=w.org_admin, title__startswith="催报").exists()
    report_submission_submit(
        submission=ReportSubmission.objects.get(task=city_task, org=w.org_b),
        actor=w.outsider,
        values={"f1": "60"},
    )
    with pytest.raises(ValidationError) as exc:
        report_task_remind(task=city_task, actor=rw.city_admin)
    assert exc.value.messages == ["所有单位都已报送，无需催报"]


def test_a_published_task_is_not_deleted_and_a_draft_is_deleted_with_an_audit(rw, city_task):
    with pytest.raises(ValidationError) as exc:
        report_task_delete(task=city_task, actor=rw.city_admin)
    assert exc.value.messages == ["只有草稿可以删除，已下发的报送任务可以结束报送"]
    draft = _county_draft(rw)
    with pytest.raises(PermissionDenied):
        report_task_delete(task=draft, actor=rw.world.outsider)
    report_task_delete(task=draft, actor=rw.county_admin)
    assert not ReportTask.objects.filter(pk=draft.pk).exists()
    assert list(timeline_for(draft)) == []
    audit = AuditLog.objects.get(action=AuditAction.ADMIN_EDIT)
    assert (audit.summary, audit.org_id) == (
        "甲县教育工会 删除报送任务草稿“教职工人数统计”",
        rw.world.county_x.pk,
    )


def test_the_buttons_follow_the_state_and_the_actor(rw):
    task = _county_draft(rw)
    assert task_available_actions(task, rw.county_admin) == ["publish", "edit", "delete"]
    assert task_available_actions(task, rw.city_admin) == [
        "publish",
        "edit",
        "delete",
    ]  # the city manages 甲县's
    assert task_available_actions(task, rw.world.org_admin) == []
    assert task_available_actions(task, rw.world.outsider) == []
    report_task_publish(task=task, actor=rw.county_admin)
    task.refresh_from_db()
    assert task_available_actions(task, rw.county_admin) == ["close", "remind"]


def test_notices_go_to_cadres_granted_on_the_org_itself(rw):
    w = rw.world
    found = recipient_users([w.org_a.pk, w.org_b.pk, w.county_x.pk])
    assert {org_id: [u.username for u in users] for org_id, users in found.items()} == {
        w.org_a.pk: ["admin_a"],
        w.org_b.pk: ["admin_b"],
        w.county_x.pk: ["cx_rep"],
    }
    assert recipient_users([rw.branch.pk]) == {}
