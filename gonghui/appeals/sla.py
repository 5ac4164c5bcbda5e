"""SLA arithmetic of 诉求 on the working-day calendar (法定节假日 and 调休上班 days count as they are set there).

Deadlines count from the submission date: accept within `accept_days`, reply within `reply_days` working days
(per category). While the case waits for the member's materials the clock stops: the working days of the pause
are added up and the reply deadline moves by as many working days. States that follow from time alone (due soon,
overdue) are computed when read."""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from gonghui.calendars.workdays import add_workdays, workdays_between

from .choices import REPLY_CLOCK_STATUSES, AppealStatus, Rating
from .models import Appeal

DUE_SOON_WORKDAYS = 2
AUTO_CLOSE_WORKDAYS = 7
REOPEN_CALENDAR_DAYS = 15
DUPLICATE_MINUTES = 10


def sla_due_dates(*, submitted_on: dt.date, accept_days: int, reply_days: int) -> tuple[dt.date, dt.date]:
    """(accept deadline, reply deadline) for a case submitted on `submitted_on`."""
    return add_workdays(submitted_on, accept_days), add_workdays(submitted_on, reply_days)


def pause_length(*, paused_since: dt.date, resumed_on: dt.date) -> int:
    """Working days the clock stood still: those after the pause began, up to and including the resume day."""
    return workdays_between(paused_since, resumed_on)


def shifted_due(due: dt.date, paused_workdays: int) -> dt.date:
    return add_workdays(due, paused_workdays) if paused_workdays > 0 else due


def current_due(appeal: Any, today: dt.date) -> dt.date | None:
    """The deadline that runs now: acceptance while 待受理, the reply otherwise; while paused, the reply deadline
    as it will be if the materials arrive today."""
    if appeal.status == AppealStatus.SUBMITTED:
        due: dt.date = appeal.accept_due
        return due
    if appeal.status in REPLY_CLOCK_STATUSES:
        reply_due: dt.date = appeal.reply_due
        return reply_due
    if appeal.status == AppealStatus.AWAITING_MATERIALS and appeal.paused_since is not None:
        return shifted_due(appeal.reply_due, pause_length(paused_since=appeal.paused_since, resumed_on=today))
    return None


def sla_marker(appeal: Any, today: dt.date) -> str:
    """ "overdue", "due_soon", "paused" or "" for the desk's markers."""
    if appeal.status == AppealStatus.AWAITING_MATERIALS:
        return "paused"
    due = current_due(appeal, today)
    if due is None:
        return ""
    if today > due:
        return "overdue"
    if workdays_between(today, due) <= DUE_SOON_WORKDAYS:
        return "due_soon"
    return ""


def overdue_workdays(appeal: Any, today: dt.date) -> int:
    due = current_due(appeal, today)
    return workdays_between(due, today) if due is not None and today > due else 0


def handling_workdays(*, submitted_on: dt.date, replied_on: dt.date, paused_workdays: int) -> int:
    """Working days from submission to the reply, without the pauses."""
    return max(0, workdays_between(submitted_on, replied_on) - paused_workdays)


def overdue_q(today: dt.date) -> Q:
    """Cases whose running deadline has passed (a paused case is never overdue)."""
    return Q(status=AppealStatus.SUBMITTED, accept_due__lt=today) | Q(
        status__in=REPLY_CLOCK_STATUSES, reply_due__lt=today
    )


def due_soon_q(today: dt.date) -> Q:
    horizon = add_workdays(today, DUE_SOON_WORKDAYS)
    return Q(status=AppealStatus.SUBMITTED, accept_due__gte=today, accept_due__lte=horizon) | Q(
        status__in=REPLY_CLOCK_STATUSES, reply_due__gte=today, reply_due__lte=horizon
    )


def appeal_reopen_deadline(appeal: Appeal) -> dt.date | None:
    if appeal.replied_at is None:
        return None
    return timezone.localdate(appeal.replied_at) + dt.timedelta(days=REOPEN_CALENDAR_DAYS)


def appeal_can_reopen(appeal: Appeal, today: dt.date | None = None) -> bool:
    deadline = appeal_reopen_deadline(appeal)
    return (
        appeal.status in (AppealStatus.REPLIED, AppealStatus.RATED)
        and appeal.reopen_count == 0
        and appeal.rating != Rating.SATISFIED
        and deadline is not None
        and (today or timezone.localdate()) <= deadline
    )
