"""Scheduled jobs of 网上维权 (run by `manage.py run_due_jobs`). Each selects what is due itself and records
what it has done on the case, so a repeated or late run does nothing twice."""

import datetime as dt

from django.utils import timezone

from gonghui.calendars.workdays import workdays_between

from .choices import AppealStatus
from .models import Appeal
from .services import appeal_auto_close, appeal_due_soon_notify, appeal_overdue_escalate
from .sla import AUTO_CLOSE_WORKDAYS, current_due, due_soon_q, overdue_q


def appeals_due_soon_job() -> str:
    """Remind the handler (or the union's handlers) of deadlines within two working days, once per deadline."""
    today = timezone.localdate()
    sent = 0
    for appeal in Appeal.objects.filter(due_soon_q(today)).select_related("org", "category", "handler"):
        due = current_due(appeal, today)
        if (
            due is not None
            and appeal.due_soon_notified_for != due
            and appeal_due_soon_notify(appeal=appeal, due=due)
        ):
            sent += 1
    return f"临期提醒 {sent} 件"


def appeals_overdue_job() -> str:
    """Overdue cases: remind the handler and escalate to the 维权督办 above the union, once per deadline."""
    today = timezone.localdate()
    escalated = 0
    for appeal in Appeal.objects.filter(overdue_q(today)).select_related("org", "category", "handler"):
        due = current_due(appeal, today)
        if due is None or appeal.overdue_notified_for == due:
            continue
        if appeal_overdue_escalate(appeal=appeal, due=due, overdue_days=workdays_between(due, today)):
            escalated += 1
    return f"超期督办 {escalated} 件"


def appeals_auto_close_job() -> str:
    """Replies the member has not rated within seven working days are closed (noted on the timeline)."""
    today = timezone.localdate()
    closed = 0
    # seven working days span at least seven calendar days: older replies only
    earliest = today - dt.timedelta(days=AUTO_CLOSE_WORKDAYS)
    for appeal in Appeal.objects.filter(status=AppealStatus.REPLIED, replied_on__lte=earliest):
        if (
            appeal.replied_on is not None
            and workdays_between(appeal.replied_on, today) >= AUTO_CLOSE_WORKDAYS
        ):
            appeal_auto_close(appeal=appeal)
            closed += 1
    return f"自动办结 {closed} 件"
