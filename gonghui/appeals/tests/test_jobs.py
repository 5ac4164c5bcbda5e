"""Scheduled jobs with frozen time: due-soon reminders, overdue escalation to the 维权督办, auto-close of unrated
replies; each is idempotent."""

import datetime as dt

import pytest
from django.core.management import call_command

from gonghui.appeals.choices import AppealAction, AppealStatus
from gonghui.appeals.jobs import appeals_auto_close_job, appeals_due_soon_job, appeals_overdue_job
from gonghui.appeals.models import Appeal
from gonghui.appeals.services import appeal_accept, appeal_reply, appeal_request_materials
from gonghui.appeals.tests.factories import at, make_appeal
from gonghui.core.timeline import timeline_for
from gonghui.notifications.models import Notification


def _titles(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


@pytest.mark.django_db
def test_an_overdue_case_is_escalated_to_the_supervisor_once(world, handler_a, supervisor, handler_b):
    # given a case submitted on Friday 26 September 2025: acceptance due on Monday 29 September (28th is 调休)
    with at(2025, 9, 26, 9):
        appeal = make_appeal(world.member_a)
    Notification.objects.all().delete()
    # when the job runs on the due day, nothing is overdue yet
    with at(2025, 9, 29, 18):
        assert appeals_overdue_job() == "超期督办 0 件"
    # when it runs on 30 September, and again an hour later
    with at(2025, 9, 30, 8):
        assert appeals_overdue_job() == "超期督办 1 件"
    with at(2025, 9, 30, 9):
        assert appeals_overdue_job() == "超期督办 0 件"
    # then the handler is reminded and the supervisor gets the escalation, once; org B hears nothing
    appeal.refresh_from_db()
    assert appeal.was_overdue is True
    assert appeal.overdue_notified_for == dt.date(2025, 9, 29)
    assert _titles(handler_a) == ["诉求已超期，请尽快办理"]
    assert _titles(supervisor) == ["超期诉求督办"]
    assert _titles(handler_b) == []
    overdue = [e for e in timeline_for(appeal) if e.action == AppealAction.OVERDUE]
    assert len(overdue) == 1
    assert "受理期限2025-09-29已过1个工作日" in overdue[0].note
    assert "supervisor" in overdue[0].note
    # and a new deadline (after acceptance) that passes is escalated again
    with at(2025, 9, 30, 10):
        appeal = appeal_accept(appeal=appeal, actor=handler_a)
    assert appeal.reply_due == dt.date(2025, 10, 23)
    with at(2025, 10, 24, 8):
        assert appeals_overdue_job() == "超期督办 1 件"


@pytest.mark.django_db
def test_a_paused_case_is_never_overdue(world, handler_a, supervisor):
    with at(2025, 9, 26, 9):
        appeal = appeal_accept(appeal=make_appeal(world.member_a), actor=handler_a)
        appeal_request_materials(appeal=appeal, actor=handler_a, note="请补充劳动合同")
    with at(2025, 11, 3, 9):
        assert appeals_overdue_job() == "超期督办 0 件"
    assert _titles(supervisor) == []


@pytest.mark.django_db
def test_due_soon_reminds_once_per_deadline(world, handler_a):
    with at(2025, 9, 26, 9):
        make_appeal(world.member_a)
        Notification.objects.all().delete()
        assert appeals_due_soon_job() == "临期提醒 1 件"
        assert appeals_due_soon_job() == "临期提醒 0 件"
    assert _titles(handler_a) == ["诉求即将到期（09月29日）"]


@pytest.mark.django_db
def test_an_unrated_reply_closes_after_seven_working_days(world, handler_a):
    # replied on Thursday 9 October 2025; Saturday 11 October is a 调休 working day
    with at(2025, 10, 9, 9):
        appeal = appeal_reply(
            appeal=appeal_accept(appeal=make_appeal(world.member_a), actor=handler_a),
            actor=handler_a,
            body="已办理",
        )
    with at(2025, 10, 16, 20):  # six working days later
        assert appeals_auto_close_job() == "自动办结 0 件"
    with at(2025, 10, 17, 1):  # the seventh
        assert appeals_auto_close_job() == "自动办结 1 件"
        assert appeals_auto_close_job() == "自动办结 0 件"
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED
    last = list(timeline_for(appeal))[-1]
    assert (last.action, last.actor, last.note) == ("auto_close", None, "答复后7个工作日未评价，系统自动办结")


@pytest.mark.django_db
def test_the_jobs_run_through_run_due_jobs(world):
    with at(2025, 9, 26, 9):
        make_appeal(world.member_a)
    with at(2025, 10, 9, 9):
        call_command("run_due_jobs")
    assert timeline_for(Appeal.objects.get()).filter(action="overdue").count() == 1
