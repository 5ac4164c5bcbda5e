"""Scheduled job of 会员 (run by `manage.py run_due_jobs` every minute): the nightly check of the 会员计数
(`counting.counts_check_all`). From `NIGHTLY_HOUR` on, once a day: while any union's row still counts its age bands
as of an earlier day, every row is recounted from the member rows — the age bands move to
today, the joins to this year — and any counter that had drifted from the recount is repaired and logged. A late or
repeated run finds nothing due, so it does nothing twice."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gonghui.core.registry import ScheduledJob, scheduled_jobs

from .counting import counts_check_all
from .models import MemberCount

COUNTS_JOB = "members_counts_nightly"
NIGHTLY_HOUR = 2  # local time: after midnight's birthdays, before anyone reads the dashboard


def counts_due(now: dt.datetime | None = None) -> bool:
    """Whether the nightly recount is due: past `NIGHTLY_HOUR` and a row counting its ages as of an earlier day (a
    union without a row has no members yet: its first one makes the row)."""
    now = timezone.localtime(now)
    if now.hour < NIGHTLY_HOUR:
        return False
    return MemberCount.objects.filter(ages_on__lt=now.date()).exists()


def counts_nightly(now: dt.datetime | None = None) -> str:
    """Recount every union's counters when due; the summary names the unions whose counters had drifted."""
    if not counts_due(now):
        return "会员计数：今日已核对"
    with transaction.atomic():
        drift = counts_check_all(now=now)
    if not drift:
        return "会员计数：已按名册重新统计，无偏差"
    return f"会员计数：{len(drift)} 个工会的计数与名册不符，已修正（详见日志）"


def counts_nightly_job() -> str:
    return counts_nightly()


def register() -> None:
    """Called from MembersConfig.ready()."""
    scheduled_jobs.register(
        COUNTS_JOB,
        ScheduledJob(
            key=COUNTS_JOB, label="会员计数每晚核对（年龄结构、本年入会）", func=counts_nightly_job, order=60
        ),
    )
