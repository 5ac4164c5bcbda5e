"""Registrations of 困难职工帮扶 — part `cycle`: the scheduled jobs (复核提醒 30 days before, 回访提醒, the purge of
注销 files past their retention period) and the console home's counters (复核到期, 待回访). The 帮扶统计 menu entry is
in apps.py."""

from typing import Any

from gonghui.core.registry import HomeCounter, ScheduledJob, home_counters, scheduled_jobs

from ..permissions import MANAGE
from ..selectors.cycle import follow_up_due_count, review_due_count
from ..services.cycle import follow_ups_remind_job, purge_due_job, reviews_remind_job


def _reviews(user: Any, org: Any) -> int:
    return review_due_count(user)


def _follow_ups(user: Any, org: Any) -> int:
    return follow_up_due_count(user)


def register() -> None:
    for key, label, func, order in (
        ("welfare.reviews_remind", "困难职工档案年度复核提醒", reviews_remind_job, 101),
        ("welfare.follow_ups_remind", "脱困回访提醒", follow_ups_remind_job, 102),
        ("welfare.purge_due", "注销档案到期清除明细", purge_due_job, 103),
    ):
        if key not in scheduled_jobs:
            scheduled_jobs.register(key, ScheduledJob(key=key, label=label, func=func, order=order))
    for key, label, count, order in (
        ("welfare.reviews_due", "复核到期", _reviews, 101),
        ("welfare.follow_ups_due", "待回访", _follow_ups, 102),
    ):
        if key not in home_counters:
            home_counters.register(
                key,
                HomeCounter(
                    key=key,
                    label=label,
                    count=count,
                    action=MANAGE,
                    url_name="welfare:reviews_due",
                    order=order,
                ),
            )
