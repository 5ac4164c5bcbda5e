"""Working-day arithmetic on the calendar, and its maintenance.

"Add N working days" = the Nth working day after a date (the date itself not counted). A year with no data
counts Monday–Friday and `years_missing` tells the admins."""

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db import transaction

from gonghui.accounts.services import primary_org_id
from gonghui.core.audit import audit_log
from gonghui.core.models import AuditAction

from .choices import DayKind
from .models import CalendarDay, CalendarYear

_VERSION_KEY = "calendars:version"
_MAX_SCAN_DAYS = 3 * 366


def _version() -> int:
    return int(cache.get_or_set(_VERSION_KEY, 1) or 1)


def _bump_version() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2)


def year_exceptions(year: int) -> dict[dt.date, str]:
    """{date: kind} for one year, cached until the calendar is edited."""
    key = f"calendars:year:{year}:v{_version()}"
    cached: dict[dt.date, str] | None = cache.get(key)
    if cached is None:
        cached = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
        cache.set(key, cached, 3600)
    return cached


def is_workday(day: dt.date) -> bool:
    kind = year_exceptions(day.year).get(day)
    if kind == DayKind.WORKDAY:
        return True
    if kind == DayKind.HOLIDAY:
        return False
    return day.weekday() < 5


def add_workdays(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` (count 0 → start itself)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day, found = start, 0
    for _step in range(_MAX_SCAN_DAYS):
        if found == count:
            return day
        day += dt.timedelta(days=1)
        if is_workday(day):
            found += 1
    raise ValueError("too many working days to add")


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many have passed from `start` to `end`."""
    if end <= start:
        return 0
    total, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        total += is_workday(day)
    return total


def years_missing(years: list[int]) -> list[int]:
    known = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    return [y for y in years if y not in known]


@transaction.atomic
def calendar_seed_from_package() -> int:
    """Copy 法定节假日 and 调休 from the chinesecalendar package for years not yet entered; idempotent."""
    import chinese_calendar  # noqa: PLC0415

    holidays: dict[dt.date, str] = chinese_calendar.constants.holidays
    workdays: dict[dt.date, str] = chinese_calendar.constants.workdays
    years = sorted({d.year for d in holidays} | {d.year for d in workdays})
    new_years = years_missing(years)
    rows = []
    for day, detail in holidays.items():
        if day.year in new_years and day.weekday() < 5:
            rows.append(CalendarDay(date=day, kind=DayKind.HOLIDAY, name=_holiday_name(detail)))
    for day, detail in workdays.items():
        if day.year in new_years:
            rows.append(CalendarDay(date=day, kind=DayKind.WORKDAY, name=f"{_holiday_name(detail)}调休"))
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
    CalendarYear.objects.bulk_create([CalendarYear(year=y) for y in new_years], ignore_conflicts=True)
    _bump_version()
    return len(new_years)


def _holiday_name(detail: Any) -> str:
    """chinesecalendar stores the English name; its Holiday enum carries the Chinese one."""
    import chinese_calendar  # noqa: PLC0415

    try:
        return str(chinese_calendar.constants.Holiday(detail).chinese)
    except ValueError:
        return str(detail)


@transaction.atomic
def calendar_day_set(*, date: dt.date, kind: str, name: str, actor: Any) -> CalendarDay:
    day, _created = CalendarDay.objects.update_or_create(date=date, defaults={"kind": kind, "name": name})
    CalendarYear.objects.get_or_create(year=date.year, defaults={"source": "管理员维护"})
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=day,
        org_id=primary_org_id(actor),
        summary=f"设置 {date:%Y-%m-%d} 为{day.get_kind_display()} {name}",
    )
    _bump_version()
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, actor: Any) -> None:
    summary = f"删除 {day.date:%Y-%m-%d} 的{day.get_kind_display()}设置"
    audit_log(
        action=AuditAction.ADMIN_EDIT, actor=actor, subject=day, org_id=primary_org_id(actor), summary=summary
    )
    day.delete()
    _bump_version()


def calendar_health_warning() -> str:
    """Warn while this year or next year has no holiday data (deadlines then count Monday–Friday)."""
    from django.utils import timezone  # noqa: PLC0415

    this_year = timezone.localdate().year
    key = f"calendars:health:{this_year}:v{_version()}"
    cached: list[int] | None = cache.get(key)
    missing = cached if cached is not None else years_missing([this_year, this_year + 1])
    cache.set(key, missing, 3600)
    if not missing:
        return ""
    years = "、".join(f"{y}年" for y in missing)
    return f"工作日历缺少 {years} 的法定节假日和调休数据，期限暂按周一至周五计算。请在“工作日历”中补充。"
