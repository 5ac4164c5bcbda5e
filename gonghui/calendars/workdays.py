"""Working-day arithmetic on the calendar (reads only; the calendar's writes are in services).

"Add N working days" = the Nth working day after a date (the date itself not counted). A year with no data
counts Monday–Friday and `selectors.years_missing` tells the admins. Each year's exceptions are cached until the
calendar is edited (`calendar_changed`, called by every write)."""

import datetime as dt

from django.core.cache import cache

from .choices import DayKind
from .models import CalendarDay

_VERSION_KEY = "calendars:version"
_MAX_SCAN_DAYS = 3 * 366


def calendar_version() -> int:
    """The calendar's edit counter: part of every cache key, so an edit makes every cached year stale."""
    return int(cache.get_or_set(_VERSION_KEY, 1) or 1)


def calendar_changed() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2)


def year_exceptions(year: int) -> dict[dt.date, str]:
    """{date: kind} for one year, cached until the calendar is edited."""
    key = f"calendars:year:{year}:v{calendar_version()}"
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


def period_end(start: dt.date, days: int) -> dt.date:
    """The last day of a period of `days` calendar days counted from `start` (the start day itself not counted),
    moved to the next working day when it falls on a 法定节假日 or a rest day (民法典 第二百零三条): the filing and
    objection periods of a collective contract, for instance."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start + dt.timedelta(days=days)
    for _step in range(_MAX_SCAN_DAYS):
        if is_workday(day):
            return day
        day += dt.timedelta(days=1)
    raise ValueError("no working day found")
