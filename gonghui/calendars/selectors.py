"""Reads for the calendar. The calendar is platform-wide reference data, not owned by an org."""

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from .models import CalendarDay


def calendar_days_for_year(year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def calendar_day_get(date_text: str) -> CalendarDay:
    try:
        return CalendarDay.objects.get(date=dt.date.fromisoformat(date_text))
    except (ValueError, CalendarDay.DoesNotExist):
        raise Http404 from None
