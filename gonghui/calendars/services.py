"""Maintaining the working-day calendar: seeding it from the chinesecalendar package, setting and deleting a day.
Every write bumps the calendar's cache version (`workdays.calendar_changed`); the arithmetic is in workdays.py."""

import datetime as dt
from typing import Any

from django.db import transaction

from gonghui.accounts.actors import Actor
from gonghui.accounts.selectors import primary_org_id
from gonghui.core.audit import audit_log
from gonghui.core.choices import AuditAction

from .choices import DayKind
from .models import CalendarDay, CalendarYear
from .selectors import years_missing
from .workdays import calendar_changed


@transaction.atomic
def calendar_seed_from_package() -> int:
    """Copy 法定节假日 and 调休 from the chinesecalendar package for years not yet entered; idempotent."""
    import chinese_calendar

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
    calendar_changed()
    return len(new_years)


def _holiday_name(detail: Any) -> str:
    """chinesecalendar stores the English name; its Holiday enum carries the Chinese one."""
    import chinese_calendar

    try:
        return str(chinese_calendar.constants.Holiday(detail).chinese)
    except ValueError:
        return str(detail)


@transaction.atomic
def calendar_day_set(*, date: dt.date, kind: str, name: str, actor: Actor) -> CalendarDay:
    day, _created = CalendarDay.objects.update_or_create(date=date, defaults={"kind": kind, "name": name})
    CalendarYear.objects.get_or_create(year=date.year, defaults={"source": "管理员维护"})
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=day,
        org_id=primary_org_id(actor),
        summary=f"设置 {date:%Y-%m-%d} 为{day.get_kind_display()} {name}",
    )
    calendar_changed()
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, actor: Actor) -> None:
    summary = f"删除 {day.date:%Y-%m-%d} 的{day.get_kind_display()}设置"
    audit_log(
        action=AuditAction.ADMIN_EDIT, actor=actor, subject=day, org_id=primary_org_id(actor), summary=summary
    )
    day.delete()
    calendar_changed()
