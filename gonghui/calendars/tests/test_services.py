"""Working-day arithmetic on the seeded calendar, across the 2025 国庆 holiday and its 调休 weekends."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gonghui.calendars.choices import DayKind
from gonghui.calendars.models import CalendarDay, CalendarYear
from gonghui.calendars.selectors import years_missing
from gonghui.calendars.services import calendar_day_delete, calendar_day_set, calendar_seed_from_package
from gonghui.calendars.workdays import add_workdays, is_workday, period_end, workdays_between
from gonghui.core.models import AuditLog

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("_case", "day", "expected"),
    [
        ("国庆节 on a Wednesday is off", D(2025, 10, 1), False),
        ("中秋 folded into 国庆, Wednesday 10-08 is off", D(2025, 10, 8), False),
        ("Sunday 09-28 is a make-up working day", D(2025, 9, 28), True),
        ("Saturday 10-11 is a make-up working day", D(2025, 10, 11), True),
        ("an ordinary Saturday is off", D(2025, 10, 18), False),
        ("an ordinary Thursday works", D(2025, 10, 9), True),
    ],
)
def test_is_workday_follows_holidays_and_make_up_days(_case, day, expected):
    assert is_workday(day) is expected


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (D(2025, 9, 26), 1, D(2025, 9, 28)),  # Friday + 1 → the make-up Sunday
        (D(2025, 9, 28), 1, D(2025, 9, 29)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # the whole holiday is skipped
        (D(2025, 9, 30), 2, D(2025, 10, 10)),
        (D(2025, 9, 30), 3, D(2025, 10, 11)),  # the make-up Saturday counts
        (D(2025, 9, 30), 4, D(2025, 10, 13)),
        (D(2025, 9, 29), 15, D(2025, 10, 27)),
        (D(2025, 10, 3), 0, D(2025, 10, 3)),
    ],
)
def test_add_workdays_across_national_day_2025(start, count, expected):
    assert add_workdays(start, count) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2025, 10, 13), 10, D(2025, 10, 23)),  # an ordinary Thursday: calendar days, unmoved
        (D(2025, 9, 21), 10, D(2025, 10, 9)),  # 10-01 is 国庆: moved past the whole holiday
        (D(2025, 9, 18), 10, D(2025, 9, 28)),  # the make-up Sunday is a working day: unmoved
        (D(2025, 10, 8), 10, D(2025, 10, 20)),  # an ordinary Saturday: moved to Monday
        (D(2025, 10, 9), 0, D(2025, 10, 9)),
    ],
)
def test_period_end_counts_calendar_days_and_moves_past_a_holiday(start, days, expected):
    assert period_end(start, days) == expected


def test_workdays_between_counts_the_interval_exclusive_of_start():
    # 09-30 (Tue) → 10-11 (Sat): 10-09, 10-10, 10-11 are working days
    assert workdays_between(D(2025, 9, 30), D(2025, 10, 11)) == 3
    assert workdays_between(D(2025, 10, 11), D(2025, 9, 30)) == 0


def test_a_year_without_data_counts_monday_to_friday_and_is_reported():
    # given: no data for 2040 (the package stops far earlier)
    assert years_missing([2025, 2040]) == [2040]
    # when / then: Friday 2040-01-06 + 1 → Monday 2040-01-09; New Year's Day 2040 (Sunday) is a plain weekend
    assert add_workdays(D(2040, 1, 6), 1) == D(2040, 1, 9)
    assert is_workday(D(2040, 1, 2)) is True


def test_admin_edit_changes_the_arithmetic_at_once_and_is_audited(org_admin):
    # given: 2040-01-09 is an ordinary Monday
    assert add_workdays(D(2040, 1, 6), 1) == D(2040, 1, 9)
    # when: an admin marks it as a holiday
    day = calendar_day_set(date=D(2040, 1, 9), kind=DayKind.HOLIDAY, name="测试假日", actor=org_admin)
    # then: the cached year is refreshed, the year counts as entered, and the edit is audited
    assert add_workdays(D(2040, 1, 6), 1) == D(2040, 1, 10)
    assert CalendarYear.objects.get(year=2040).source == "管理员维护"
    assert (
        AuditLog.objects.get(object_id=str(day.pk)).summary == "设置 2040-01-09 为法定节假日（休息） 测试假日"
    )
    # and deleting it restores the weekday
    calendar_day_delete(day=day, actor=org_admin)
    assert add_workdays(D(2040, 1, 6), 1) == D(2040, 1, 9)


def test_seeding_again_adds_nothing():
    before = CalendarDay.objects.count()
    assert calendar_seed_from_package() == 0
    assert CalendarDay.objects.count() == before
    assert CalendarDay.objects.get(date=D(2025, 10, 11)).kind == DayKind.WORKDAY


def test_command_prints_the_date():
    out = StringIO()
    call_command("calendar_add_workdays", "2025-09-30", "3", stdout=out)
    assert out.getvalue() == "2025-10-11\n"


@pytest.mark.parametrize("args", [("2025-13-01", "1"), ("2025-09-30", "-1")])
def test_command_rejects_bad_input(args):
    with pytest.raises(CommandError):
        call_command("calendar_add_workdays", *args)
