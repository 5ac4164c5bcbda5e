"""A submission's life after the task is out: 报送, 退回 with a reason, 重新报送, 通过 — each refusal with its
exact message, the notices each step sends, the read mark, the scheduled reminders; and the reads for three
actors (task list, inbox, one submission, the board, the aggregate) with their query counts."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification
from gonghui.reports.choices import SubmissionStatus, TaskStatus
from gonghui.reports.models import ReportSubmission, ReportTask
from gonghui.reports.selectors import (
    inbox_counts,
    sender_orgs_for_user,
    submission_get_for_user,
    submission_list_for_user,
    target_org_choices,
    task_aggregate,
    task_board,
    task_get_for_user,
    task_list_for_user,
)
from gonghui.reports.services import (
    report_reminders_run,
    report_submission_accept,
    report_submission_mark_read,
    report_submission_return,
    report_submission_submit,
    report_task_close,
)
from gonghui.reports.workflows import submission_available_actions

from .factories import make_task

pytestmark = pytest.mark.django_db


def _sub(task, org):
    return ReportSubmission.objects.select_related("task", "task__org", "org").get(task=task, org=org)


def _submitted(rw, task, org=None, actor=None, value="120"):
    w = rw.world
    return report_submission_submit(
        submission=_sub(task, org or w.org_a), actor=actor or w.org_admin, values={"f1": value}
    )


# ---- 报送, 退回, 重新报送, 通过 ---------------------------------------------------------------------------


def test_a_submitted_answer_cannot_be_submitted_again(rw, city_task):
    _submitted(rw, city_task)
    with pytest.raises(ValidationError) as exc:
        _submitted(rw, city_task, value="130")
    assert exc.value.messages == ["当前状态“已报送”下不能报送"]
    assert _sub(city_task, rw.world.org_a).data["f1"] == 120


def test_a_return_needs_a_reason_and_a_submitted_answer(rw, city_task):
    w = rw.world
    with pytest.raises(ValidationError) as exc:
        report_submission_return(submission=_sub(city_task, w.org_a), actor=rw.city_admin, reason="人数有误")
    assert exc.value.messages == ["当前状态“未报送”下不能执行“退回”"]
    _submitted(rw, city_task)
    with pytest.raises(ValidationError) as exc:
        report_submission_return(submission=_sub(city_task, w.org_a), actor=rw.city_admin, reason="   ")
    assert exc.value.message_dict == {"note": ["请填写退回的理由"]}
    assert _sub(city_task, w.org_a).status == SubmissionStatus.SUBMITTED


def test_a_return_tells_the_recipient_who_returned_it_and_why(rw, city_task):
    w = rw.world
    _submitted(rw, city_task)
    returned = report_submission_return(
        submission=_sub(city_task, w.org_a), actor=rw.county_admin, reason=" 人数 有误 "
    )
    assert (returned.status, returned.return_reason, returned.returned_by_org_id) == (
        SubmissionStatus.RETURNED,
        "人数 有误",
        w.county_x.pk,
    )
    entry = list(timeline_for(returned))[-1]
    assert (entry.action, entry.note) == ("return", "甲县教育工会退回：人数 有误")
    note = Notification.objects.get(recipient=w.org_admin, title="报送被退回：教职工人数统计")
    assert note.body == "甲县教育工会退回了本单位的报送，原因：人数 有误。请修改后重新报送"


def test_a_resubmission_clears_the_reason_and_tells_the_returning_union(rw, city_task):
    w = rw.world
    _submitted(rw, city_task)
    report_submission_return(submission=_sub(city_task, w.org_a), actor=rw.county_admin, reason="人数有误")
    again = _submitted(rw, city_task, value="118")
    assert (again.status, again.return_reason, again.data["f1"]) == (SubmissionStatus.SUBMITTED, "", 118)
    assert list(timeline_for(again))[-1].action == "resubmit"
    note = Notification.objects.get(recipient=rw.county_admin, title="已重新报送：教职工人数统计")
    assert note.body == "甲县第一中学工会修改后重新报送，请审核"
    assert not Notification.objects.filter(recipient=rw.city_admin, title__startswith="已重新报送").exists()


def test_acceptance_is_the_reviewers_and_final(rw, city_task):
    w = rw.world
    _submitted(rw, city_task)
    for actor in (w.org_admin, w.outsider):
        with pytest.raises(PermissionDenied):
            report_submission_accept(submission=_sub(city_task, w.org_a), actor=actor)
    accepted = report_submission_accept(submission=_sub(city_task, w.org_a), actor=rw.city_admin)
    assert accepted.status == SubmissionStatus.ACCEPTED
    with pytest.raises(ValidationError) as exc:
        report_submission_accept(submission=_sub(city_task, w.org_a), actor=rw.city_admin)
    assert exc.value.messages == ["当前状态“已通过”下不能执行“审核通过”"]
    with pytest.raises(ValidationError) as exc:
        _submitted(rw, city_task, value="1")
    assert exc.value.messages == ["当前状态“已通过”下不能报送"]


def test_the_buttons_of_a_submission_per_actor(rw, city_task):
    w = rw.world
    submission = _sub(city_task, w.org_a)
    assert submission_available_actions(submission, w.org_admin) == ["submit", "save_draft"]
    assert submission_available_actions(submission, rw.city_admin) == [
        "submit",
        "save_draft",
    ]  # a union above may report
    assert submission_available_actions(submission, w.outsider) == []
    _submitted(rw, city_task)
    submission = _sub(city_task, w.org_a)
    assert submission_available_actions(submission, w.org_admin) == []
    assert submission_available_actions(submission, rw.county_admin) == ["return", "accept"]
    assert submission_available_actions(submission, w.outsider) == []


def test_the_read_mark_is_set_by_the_recipients_own_cadre_only(rw, city_task):
    w = rw.world
    submission = _sub(city_task, w.org_a)
    report_submission_mark_read(submission=submission, actor=rw.city_admin)
    report_submission_mark_read(submission=submission, actor=w.outsider)
    assert _sub(city_task, w.org_a).read_at is None
    assert inbox_counts(user=w.org_admin) == {"pending": 1, "unread": 1}
    report_submission_mark_read(submission=submission, actor=w.org_admin)
    assert _sub(city_task, w.org_a).read_at is not None
    assert inbox_counts(user=w.org_admin) == {"pending": 1, "unread": 0}


def test_the_reminder_job_reminds_before_the_deadline_and_after_it_once_each(rw):
    w = rw.world
    task = make_task(
        org=w.county_x, actor=rw.county_admin, deadline=timezone.localdate() + dt.timedelta(days=30)
    )
    deadline = dt.date(2026, 3, 10)  # a Tuesday
    ReportTask.objects.filter(pk=task.pk).update(deadline=deadline)
    assert report_reminders_run(today=dt.date(2026, 3, 2)) == "截止前提醒 0 个单位，逾期提醒 0 个单位"
    assert report_reminders_run(today=dt.date(2026, 3, 6)) == "截止前提醒 1 个单位，逾期提醒 0 个单位"
    assert report_reminders_run(today=dt.date(2026, 3, 9)) == "截止前提醒 0 个单位，逾期提醒 0 个单位"
    assert report_reminders_run(today=dt.date(2026, 3, 11)) == "截止前提醒 0 个单位，逾期提醒 1 个单位"
    assert report_reminders_run(today=dt.date(2026, 3, 12)) == "截止前提醒 0 个单位，逾期提醒 0 个单位"
    titles = list(
        Notification.objects.filter(recipient=w.org_admin).order_by("id").values_list("title", flat=True)
    )
    assert titles[-2:] == ["报送即将截止：教职工人数统计", "报送已逾期：教职工人数统计"]


def test_a_closed_task_is_not_reminded(rw, city_task):
    report_task_close(task=city_task, actor=rw.city_admin)
    assert report_reminders_run(today=city_task.deadline + dt.timedelta(days=1)) == (
        "截止前提醒 0 个单位，逾期提醒 0 个单位"
    )


# ---- reads -------------------------------------------------------------------------------------------------


def test_the_task_list_sides_for_three_actors(rw, city_task):
    w = rw.world
    county_task = make_task(org=w.county_x, actor=rw.county_admin, title="甲县安全检查")

    def titles(user, **kw):
        return sorted(t.title for t in task_list_for_user(user=user, **kw))

    assert titles(rw.city_admin) == ["教职工人数统计", "甲县安全检查"]
    assert titles(rw.county_admin, side="sent") == ["甲县安全检查"]
    assert titles(rw.county_admin, side="received") == ["教职工人数统计"]
    assert titles(w.org_admin) == ["教职工人数统计", "甲县安全检查"]
    assert titles(w.outsider) == ["教职工人数统计"]
    assert titles(w.org_member) == []
    assert titles(rw.city_admin, query="安全") == ["甲县安全检查"]
    assert titles(rw.city_admin, status=TaskStatus.CLOSED) == []
    listed: Any = task_list_for_user(user=rw.city_admin).get(pk=county_task.pk)
    assert (listed.target_count, listed.done_count) == (1, 0)


def test_one_task_is_404_outside_and_403_without_manage(rw, city_task):
    w = rw.world
    assert task_get_for_user(user=w.outsider, public_id=city_task.public_id) == city_task
    with pytest.raises(PermissionDenied):
        task_get_for_user(user=w.outsider, public_id=city_task.public_id, action="reports.manage")
    county_task = make_task(org=w.county_x, actor=rw.county_admin, title="甲县安全检查")
    with pytest.raises(Http404):
        task_get_for_user(user=w.outsider, public_id=county_task.public_id)
    with pytest.raises(Http404):
        task_get_for_user(user=w.org_member, public_id=city_task.public_id)


def test_the_inbox_lists_own_submissions_open_first(rw, city_task):
    w = rw.world
    make_task(org=w.county_x, actor=rw.county_admin, title="甲县安全检查")
    _submitted(rw, city_task)

    def listed(user, **kw):
        return [(s.task.title, s.status) for s in submission_list_for_user(user=user, **kw)]

    assert sorted(listed(w.org_admin)) == [("教职工人数统计", "submitted"), ("甲县安全检查", "pending")]
    assert listed(w.org_admin, status="open") == [("甲县安全检查", "pending")]
    assert listed(w.org_admin, query="安全") == [("甲县安全检查", "pending")]
    assert listed(w.outsider) == [("教职工人数统计", "pending")]
    assert listed(rw.county_admin) == []  # 甲县 itself was asked for nothing
    assert sorted(listed(rw.county_admin, own_only=False)) == [
        ("教职工人数统计", "submitted"),
        ("甲县安全检查", "pending"),
    ]


def test_one_submission_is_seen_by_recipient_unions_above_and_sender(rw, city_task):
    w = rw.world
    submission = _sub(city_task, w.org_a)
    for user in (w.org_admin, rw.county_admin, rw.city_admin):
        assert submission_get_for_user(user=user, public_id=submission.public_id) == submission
    for user in (w.outsider, w.org_member):
        with pytest.raises(Http404):
            submission_get_for_user(user=user, public_id=submission.public_id)


def test_sender_orgs_and_target_choices(rw):
    w = rw.world
    assert [o.code for o in sender_orgs_for_user(rw.county_admin)] == ["CX"]
    assert sender_orgs_for_user(w.org_member) == []
    assert [o.code for o in target_org_choices(rw.county_admin)] == ["CX", "ORGA", "ORGA1"]
    assert [o.code for o in target_org_choices(w.outsider)] == ["ORGB"]


def test_the_board_counts_each_child_subtree_for_the_sender_and_less_for_others(rw, city_task):
    w = rw.world
    _submitted(rw, city_task)
    board = task_board(task=city_task, user=rw.city_admin)
    assert [(r.org.code, r.counts.targets, r.counts.submitted, r.counts.missing) for r in board.rows] == [
        ("CX", 1, 1, 0),
        ("CY", 1, 0, 1),
    ]
    assert (board.totals.targets, board.totals.submitted, board.totals.percent) == (2, 1, 50)
    drilled = task_board(task=city_task, user=rw.city_admin, under="CX")
    assert ([o.code for o in drilled.trail], [r.org.code for r in drilled.rows]) == (["CITY", "CX"], ["ORGA"])
    outsider_board = task_board(task=city_task, user=w.outsider)
    assert [(r.org.code, r.counts.targets) for r in outsider_board.rows] == [("CY", 1)]
    assert task_board(task=city_task, user=rw.city_admin, under="NOPE").root == w.city


def test_the_aggregate_sums_submitted_figures_up_the_tree(rw, city_task):
    w = rw.world
    _submitted(rw, city_task, value="120")
    _submitted(rw, city_task, org=w.org_b, actor=w.outsider, value="80")
    columns, rows = task_aggregate(task=city_task, user=rw.city_admin)
    assert [(c.key, c.label) for c in columns if c.numeric] == [("f1", "教职工人数")]
    assert [(r.org_code, r.indent, r.status, r.own, r.total) for r in rows] == [
        ("CITY", 0, "（非报送对象）", {}, {"f1": 200}),
        ("CX", 1, "（非报送对象）", {}, {"f1": 120}),
        ("ORGA", 2, "已报送", {"f1": 120}, {"f1": 120}),
        ("CY", 1, "（非报送对象）", {}, {"f1": 80}),
        ("ORGB", 2, "已报送", {"f1": 80}, {"f1": 80}),
    ]


def test_the_board_reads_in_a_fixed_number_of_queries(rw, city_task, django_assert_num_queries):
    task_board(task=city_task, user=rw.city_admin)  # the user's grants are read once
    with django_assert_num_queries(2):
        task_board(task=city_task, user=rw.city_admin)
