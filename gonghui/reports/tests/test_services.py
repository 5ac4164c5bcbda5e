"""报送 services: define and publish, fill in and submit, 退回 by the sender or an intermediate union,
resubmission, 通过, closing, 催报 and the idempotent reminder job."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.attachments.models import Attachment
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.reports.choices import ReportKind, SubmissionStatus, TaskStatus
from gonghui.reports.fields import field_lines_parse
from gonghui.reports.models import ReportSubmission, ReportTask
from gonghui.reports.services import (
    TaskInput,
    report_reminders_run,
    report_submission_accept,
    report_submission_return,
    report_submission_submit,
    report_task_close,
    report_task_create,
    report_task_delete,
    report_task_publish,
    report_task_remind,
    report_task_update,
)

from .factories import FIELDS, HEADERS, make_task, pdf_upload, xlsx_upload

pytestmark = pytest.mark.django_db


def _sub(task, org):
    return ReportSubmission.objects.select_related("task", "task__org", "org").get(task=task, org=org)


def _grassroots(w):
    return [OrgTarget(kind=TargetKind.LEVEL, org_id=w.city.pk, level=OrgLevel.GRASSROOTS)]


def _input(org, **kwargs):
    values: dict[str, Any] = {
        "title": "统计",
        "instructions": "",
        "kind": ReportKind.FORM,
        "deadline": timezone.localdate() + dt.timedelta(days=5),
        "targets": [OrgTarget(kind=TargetKind.CHILDREN, org_id=org.pk)],
        "fields": field_lines_parse(FIELDS),
    }
    values.update(kwargs)
    return TaskInput(**values)


# --- define and publish -----------------------------------------------------------------------------------


def test_publish_creates_one_submission_per_target_and_notifies_their_cadres(rw, city_task):
    w = rw.world
    # then
    assert city_task.status == TaskStatus.PUBLISHED
    assert set(city_task.submissions.values_list("org__code", flat=True)) == {"ORGA", "ORGB"}
    assert set(city_task.submissions.values_list("status", flat=True)) == {SubmissionStatus.PENDING}
    notified = set(
        Notification.objects.filter(title__contains=city_task.title).values_list("recipient", flat=True)
    )
    assert notified == {w.org_admin.pk, w.outsider.pk}  # not the county's or the city's cadres
    assert [e.action for e in timeline_for(city_task)] == ["create", "publish"]


def test_only_the_senders_managers_define_tasks(rw):
    w = rw.world
    with pytest.raises(PermissionDenied):
        report_task_create(org=w.city, actor=w.org_admin, data=_input(w.city))
    with pytest.raises(PermissionDenied):
        report_task_create(org=w.org_a, actor=w.org_member, data=_input(w.org_a))
    assert not ReportTask.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": " "}, "title", "请填写标题"),
        ({"deadline": dt.date(2020, 1, 1)}, "deadline", "截止日期不能早于今天"),
        ({"targets": []}, "targets", "请选择报送对象"),
        ({"fields": []}, "fields", "在线填报至少需要一个字段"),
        ({"kind": ReportKind.EXCEL, "fields": []}, "template", "请上传 Excel 模板"),
    ],
)
def test_bad_definitions_are_refused_on_their_field(rw, changes, field, message):
    with pytest.raises(ValidationError) as caught:
        report_task_create(org=rw.world.city, actor=rw.city_admin, data=_input(rw.world.city, **changes))
    assert message in caught.value.message_dict[field][0]
    assert not ReportTask.objects.exists()


def test_targets_outside_the_senders_tree_are_refused(rw):
    w = rw.world
    # given org A's admin names org B as a target
    with pytest.raises(ValidationError) as caught:
        report_task_create(
            org=w.org_a,
            actor=w.org_admin,
            data=_input(w.org_a, targets=[OrgTarget(kind=TargetKind.ORG, org_id=w.org_b.pk)]),
        )
    assert "超出本组织的管辖范围" in caught.value.message_dict["targets"][0]


def test_a_draft_is_edited_and_a_published_task_is_not(rw):
    w = rw.world
    task = make_task(org=w.city, actor=rw.city_admin, publish=False)
    # when
    report_task_update(task=task, actor=rw.city_admin, data=_input(w.city, title="新标题"))
    # then
    task.refresh_from_db()
    assert task.title == "新标题"
    assert list(timeline_for(task))[-1].note == "修改了：标题、填报说明、截止日期"
    report_task_publish(task=task, actor=rw.city_admin)
    with pytest.raises(ValidationError, match="只有草稿可以修改"):
        report_task_update(task=task, actor=rw.city_admin, data=_input(w.city))


def test_excel_task_keeps_the_template_header(rw):
    task = make_task(org=rw.world.city, actor=rw.city_admin, kind=ReportKind.EXCEL)
    assert task.template_headers == HEADERS
    assert Attachment.objects.filter(object_id=str(task.pk), original_name="模板.xlsx").exists()


# --- submit, return, resubmit, accept ---------------------------------------------------------------------


def test_recipient_submits_the_form_with_a_file(rw, city_task):
    w = rw.world
    submission = _sub(city_task, w.org_a)
    # when
    report_submission_submit(
        submission=submission,
        actor=w.org_admin,
        values={"f1": "120", "f2": "线下", "f3": "无"},
        files={"f4": pdf_upload()},
    )
    # then
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.data["f1"] == 120
    assert submission.data["f4"]["name"] == "佐证.pdf"
    assert submission.submitted_by == w.org_admin
    assert submission.read_at is not None
    assert list(timeline_for(submission))[-1].action == "submit"


def test_bad_values_write_nothing(rw, city_task):
    w = rw.world
    submission = _sub(city_task, w.org_a)
    with pytest.raises(ValidationError) as caught:
        report_submission_submit(
            submission=submission, actor=w.org_admin, values={"f1": "很多"}, files={"f4": pdf_upload()}
        )
    assert caught.value.message_dict == {"f1": ["“教职工人数”须填写数字，“很多”不是数字"]}
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING
    assert submission.data == {}
    assert not Attachment.objects.filter(object_id=str(submission.pk)).exists()


def test_others_cannot_submit_for_the_recipient(rw, city_task):
    w = rw.world
    for actor in (w.outsider, w.org_member):
        with pytest.raises(PermissionDenied):
            report_submission_submit(submission=_sub(city_task, w.org_a), actor=actor, values={"f1": "1"})


@pytest.mark.parametrize("reviewer", ["city_admin", "county_admin"])
def test_sender_or_intermediate_union_returns_and_recipient_resubmits(rw, city_task, reviewer):
    w = rw.world
    actor = getattr(rw, reviewer)
    submission = _sub(city_task, w.org_a)
    report_submission_submit(submission=submission, actor=w.org_admin, values={"f1": "120"})
    # when
    report_submission_return(submission=_sub(city_task, w.org_a), actor=actor, reason="人数有误")
    # then
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    assert submission.returned_by_org == (w.city if reviewer == "city_admin" else w.county_x)
    assert Notification.objects.filter(recipient=w.org_admin, title__startswith="报送被退回").exists()
    # and the resubmission keeps nothing of the reason
    report_submission_submit(submission=submission, actor=w.org_admin, values={"f1": "118"})
    submission.refresh_from_db()
    assert (submission.status, submission.data["f1"], submission.return_reason) == ("submitted", 118, "")
    assert [e.action for e in timeline_for(submission)] == ["submit", "return", "resubmit"]
    # and the union that returned it hears of the resubmission
    assert Notification.objects.filter(recipient=actor, title__startswith="已重新报送").count() == 1
    report_submission_accept(submission=submission, actor=actor)
    assert _sub(city_task, w.org_a).status == SubmissionStatus.ACCEPTED


def test_recipient_and_other_unions_cannot_return(rw, city_task):
    w = rw.world
    submission = _sub(city_task, w.org_a)
    report_submission_submit(submission=submission, actor=w.org_admin, values={"f1": "1"})
    for actor in (w.org_admin, w.outsider):
        with pytest.raises(PermissionDenied):
            report_submission_return(submission=submission, actor=actor, reason="不对")
    with pytest.raises(ValidationError, match="请填写退回的理由"):
        report_submission_return(submission=submission, actor=rw.city_admin, reason=" ")


def test_excel_submission_is_checked_against_the_template(rw):
    w = rw.world
    task = make_task(org=w.city, actor=rw.city_admin, kind=ReportKind.EXCEL, targets=_grassroots(w))
    submission = _sub(task, w.org_a)
    with pytest.raises(ValidationError) as caught:
        report_submission_submit(
            submission=submission,
            actor=w.org_admin,
            filled=xlsx_upload([["单位", "教职工人数"], ["一校", 3]]),
        )
    assert "缺少列“会员人数”、“备注”" in caught.value.message_dict["filled"][0]
    # when the right columns come back
    report_submission_submit(
        submission=submission,
        actor=w.org_admin,
        filled=xlsx_upload([HEADERS, ["一校", 30, 28, ""], ["二校", 20, 20, "新建"]]),
    )
    submission.refresh_from_db()
    assert submission.data["rows"] == 2
    assert submission.data["totals"] == {"教职工人数": 50, "会员人数": 48}


def test_closed_task_takes_no_submission(rw, city_task):
    report_task_close(task=city_task, actor=rw.city_admin)
    with pytest.raises(ValidationError, match="已结束"):
        report_submission_submit(
            submission=_sub(city_task, rw.world.org_a), actor=rw.world.org_admin, values={"f1": "1"}
        )


def test_late_submission_is_marked(rw, city_task):
    w = rw.world
    ReportTask.objects.filter(pk=city_task.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    submission = _sub(city_task, w.org_a)
    report_submission_submit(submission=submission, actor=w.org_admin, values={"f1": "1"})
    submission = _sub(city_task, w.org_a)
    assert submission.is_late
    assert list(timeline_for(submission))[-1].note == "逾期报送"
    assert _sub(city_task, w.org_b).is_late  # still missing after the deadline


# --- reminders --------------------------------------------------------------------------------------------


def test_senders_remind_the_orgs_that_have_not_submitted(rw, city_task):
    w = rw.world
    report_submission_submit(submission=_sub(city_task, w.org_a), actor=w.org_admin, values={"f1": "1"})
    assert report_task_remind(task=city_task, actor=rw.city_admin) == 1
    assert Notification.objects.filter(recipient=w.outsider, title__startswith="催报").count() == 1
    assert not Notification.objects.filter(recipient=w.org_admin, title__startswith="催报").exists()
    with pytest.raises(PermissionDenied):
        report_task_remind(task=city_task, actor=w.org_admin)


def test_reminder_job_sends_each_reminder_once(rw):
    w = rw.world
    monday = dt.date(2026, 11, 2)  # deadline on Wednesday: two working days away from Monday
    task = make_task(
        org=w.city,
        actor=rw.city_admin,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        targets=_grassroots(w),
    )
    ReportTask.objects.filter(pk=task.pk).update(deadline=monday + dt.timedelta(days=2))
    report_submission_submit(submission=_sub(task, w.org_a), actor=w.org_admin, values={"f1": "1"})
    # a week before: nothing yet
    assert (
        report_reminders_run(today=monday - dt.timedelta(days=7)) == "截止前提醒 0 个单位，逾期提醒 0 个单位"
    )
    # when two working days before, twice
    assert report_reminders_run(today=monday) == "截止前提醒 1 个单位，逾期提醒 0 个单位"
    assert report_reminders_run(today=monday) == "截止前提醒 0 个单位，逾期提醒 0 个单位"
    # after the deadline, twice
    assert (
        report_reminders_run(today=monday + dt.timedelta(days=3)) == "截止前提醒 0 个单位，逾期提醒 1 个单位"
    )
    assert (
        report_reminders_run(today=monday + dt.timedelta(days=4)) == "截止前提醒 0 个单位，逾期提醒 0 个单位"
    )
    # then org B got one of each, org A (submitted) none
    titles = list(Notification.objects.filter(recipient=w.outsider).values_list("title", flat=True))
    assert sorted(t.split("：")[0] for t in titles if "：" in t) == [
        "报送即将截止",
        "报送已逾期",
        "新的报送任务",
    ]
    assert not Notification.objects.filter(recipient=w.org_admin, title__startswith="报送即将截止").exists()
    assert TimelineEntry.objects.filter(action="remind", actor__isnull=True).count() == 2


def test_level_targets_skip_orgs_of_other_levels(rw):
    w = rw.world
    task = make_task(
        org=w.city,
        actor=rw.city_admin,
        targets=[OrgTarget(kind=TargetKind.LEVEL, org_id=w.city.pk, level=OrgLevel.BRANCH)],
    )
    assert list(task.submissions.values_list("org__code", flat=True)) == ["ORGA1"]


def test_only_drafts_are_deleted(rw, city_task):
    w = rw.world
    draft = make_task(org=w.city, actor=rw.city_admin, kind=ReportKind.EXCEL, publish=False, title="草稿")
    with pytest.raises(PermissionDenied):
        report_task_delete(task=draft, actor=w.org_admin)
    with pytest.raises(ValidationError, match="只有草稿可以删除"):
        report_task_delete(task=city_task, actor=rw.city_admin)
    # when
    report_task_delete(task=draft, actor=rw.city_admin)
    # then
    assert list(ReportTask.objects.values_list("title", flat=True)) == [city_task.title]
    assert not Attachment.objects.filter(original_name="模板.xlsx").exists()
    assert AuditLog.objects.filter(summary__contains="删除报送任务草稿“草稿”").exists()
