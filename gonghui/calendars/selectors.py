"""Reads for the calendar. The calendar is platform-wide reference data, not owned by an org."""

import datetime as dt

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from .models import CalendarDay, CalendarYear
from .workdays import calendar_version


def calendar_days_for_year(year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def calendar_day_get(date_text: str) -> CalendarDay:
    try:
        return CalendarDay.objects.get(date=dt.date.fromisoformat(date_text))
    except (ValueError, CalendarDay.DoesNotExist):
        raise Http404 from None


def years_missing(years: list[int]) -> list[int]:
    """The years among `years` whose holidays and 调休 have not been entered (they count Monday–Friday)."""
    known = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    return [y for y in years if y not in known]


def calendar_health_warning() -> str:
    """Warn while this year or next year has no holiday data (deadlines then count Monday–Friday)."""
    this_year = timezone.localdate().year
    key = f"calendars:health:{this_year}:v{calendar_version()}"
    cached: list[int] | None = cache.get(key)
    missing = cached if cached is not None else years_missing([this_year, this_year + 1])
    cache.set(key, missing, 3600)
    if not missing:
        return ""
    years = "、".join(f"{y}年" for y in missing)
    return f"工作日历缺少 {years} 的法定节假日和调休数据，期限暂按周一至周五计算。请在“工作日历”中补充。"
