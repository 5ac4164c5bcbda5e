"""SLA arithmetic on the working-day calendar: 国庆 2025 (10月1日–8日 off, 9月28日 Sunday and 10月11日 Saturday
are 调休 working days) and a pause while waiting for materials."""

import datetime as dt

import pytest

from gonghui.appeals.choices import AppealStatus
from gonghui.appeals.services import (
    appeal_accept,
    appeal_reply,
    appeal_request_materials,
    appeal_resume,
    appeal_supply,
)
from gonghui.appeals.sla import current_due, handling_workdays, pause_length, sla_due_dates, sla_marker
from gonghui.appeals.tests.factories import at, make_appeal


@pytest.mark.django_db
def test_deadlines_skip_the_national_day_holiday_and_count_the_make_up_weekends():
    # given a case submitted on Friday 26 September 2025 with 2 and 15 working days
    # when the deadlines are computed
    accept_due, reply_due = sla_due_dates(submitted_on=dt.date(2025, 9, 26), accept_days=2, reply_days=15)
    # then Sunday 28 September (调休) is the first working day and 1–8 October do not count
    assert accept_due == dt.date(2025, 9, 29)
    assert reply_due == dt.date(2025, 10, 23)


@pytest.mark.django_db
def test_a_pause_over_the_holiday_moves_the_reply_deadline_by_its_working_days(world, handler_a):
    # given a case submitted on 26 September 2025 and accepted the same day
    with at(2025, 9, 26):
        appeal = make_appeal(world.member_a)
        appeal = appeal_accept(appeal=appeal, actor=handler_a)
    assert appeal.reply_due == dt.date(2025, 10, 23)
    # when the handler asks for materials on 30 September and the member sends them on 10 October
    with at(2025, 9, 30):
        appeal = appeal_request_materials(appeal=appeal, actor=handler_a, note="请补充工资条")
        assert sla_marker(appeal, dt.date(2025, 9, 30)) == "paused"
    with at(2025, 10, 9):
        # while paused the running deadline moves day by day: 9 October is one working day of pause
        assert current_due(appeal, dt.date(2025, 10, 9)) == dt.date(2025, 10, 24)
    with at(2025, 10, 10):
        appeal = appeal_supply(
            appeal=appeal, member=world.member_a, actor=world.org_member, body="已上传工资条"
        )
    # then the pause counted 9 and 10 October only (1–8 October are holidays) and the deadline moved by two
    assert appeal.status == AppealStatus.IN_PROGRESS
    assert appeal.paused_workdays == 2
    assert appeal.paused_since is None
    assert appeal.reply_due == dt.date(2025, 10, 27)
    # and the handling time leaves the pause out: 17 working days from 26 September to 27 October, minus 2
    with at(2025, 10, 27):
        appeal = appeal_reply(appeal=appeal, actor=handler_a, body="单位已补发课时费")
    assert appeal.handling_workdays == 15
    assert appeal.was_overdue is False


@pytest.mark.django_db
def test_pause_length_and_handling_time_helpers():
    assert pause_length(paused_since=dt.date(2025, 9, 30), resumed_on=dt.date(2025, 10, 8)) == 0
    assert (
        pause_length(paused_since=dt.date(2025, 10, 10), resumed_on=dt.date(2025, 10, 13)) == 2
    )  # Sat 11th works
    assert (
        handling_workdays(
            submitted_on=dt.date(2025, 9, 26), replied_on=dt.date(2025, 9, 29), paused_workdays=5
        )
        == 0
    )


@pytest.mark.django_db
def test_markers_due_soon_and_overdue(world):
    with at(2025, 9, 26):
        appeal = make_appeal(world.member_a)
    assert sla_marker(appeal, dt.date(2025, 9, 26)) == "due_soon"
    assert sla_marker(appeal, dt.date(2025, 9, 29)) == "due_soon"
    assert sla_marker(appeal, dt.date(2025, 9, 30)) == "overdue"


@pytest.mark.django_db
def test_the_union_may_resume_a_paused_case_itself(world, handler_a):
    with at(2025, 10, 10):
        appeal = appeal_accept(appeal=make_appeal(world.member_a), actor=handler_a)
        appeal = appeal_request_materials(appeal=appeal, actor=handler_a, note="请补充考勤记录")
    assert appeal.reply_due == dt.date(2025, 10, 30)
    with at(2025, 10, 13):  # Saturday 11 October (调休) and Monday 13 October paused
        appeal = appeal_resume(appeal=appeal, actor=handler_a, note="考勤记录已由学校提供")
    assert (appeal.status, appeal.paused_workdays, appeal.reply_due) == (
        AppealStatus.IN_PROGRESS,
        2,
        dt.date(2025, 11, 3),
    )
