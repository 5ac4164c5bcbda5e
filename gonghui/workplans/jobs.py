"""Scheduled job of 工作要点 (run by `manage.py run_due_jobs`): at the start of an item's due month, remind the lead
— the lead union's cadres, or, for an item led by a department of the issuing union, that union's cadres — unless
the lead has already reported the item 已完成. Once per item and due month: the notification itself is the marker
(category `DUE_CATEGORY`, the item's link with the month), so a repeated or late run sends nothing twice."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import ScheduledJob, scheduled_jobs
from gonghui.notifications.models import Notification
from gonghui.notifications.services import notify

from .choices import ProgressStatus
from .models import MANAGE, REPORT, PlanItem, ProgressReport
from .selectors import cadres_of

DUE_JOB = "workplans_due_month"
DUE_CATEGORY = "workplans_due"


def due_marker(item: PlanItem, year: int, month: int) -> str:
    """The reminder's link: the item's page, with the month (a changed due month is reminded again)."""
    return f"{reverse('workplans:item_detail', args=[item.pk])}#due-{year}-{month:02d}"


def due_month_reminders(today: dt.date | None = None) -> int:
    """Remind the leads of the items due this month that are not done; returns how many items were reminded."""
    today = today or timezone.localdate()
    items = list(
        PlanItem.objects.filter(section__plan__year=today.year, due_month=today.month)
        .select_related("section__plan__org", "lead_org", "lead_department")
        .order_by("pk")
    )
    markers = {item.pk: due_marker(item, today.year, today.month) for item in items}
    sent_before = set(
        Notification.objects.filter(category=DUE_CATEGORY, url__in=list(markers.values())).values_list(
            "url", flat=True
        )
    )
    latest: dict[tuple[int, int], str] = {}
    for item_id, org_id, status in (
        ProgressReport.objects.filter(item__in=items)
        .order_by("created_at", "id")
        .values_list("item_id", "org_id", "status")
    ):
        latest[(item_id, org_id)] = status
    reminded = 0
    for item in items:
        plan = item.section.plan
        lead = item.lead_org or plan.org
        if markers[item.pk] in sent_before or latest.get((item.pk, lead.pk)) == ProgressStatus.DONE:
            continue
        if item.lead_org is None and item.lead_department is None:
            continue  # nobody leads it: nobody to remind
        recipients = list(cadres_of(lead, REPORT if item.lead_org is not None else MANAGE))
        if not recipients:
            continue
        who = item.lead_department.name if item.lead_department else lead.name
        with transaction.atomic():
            notify(
                recipients=recipients,
                title=f"本月到期：{plan.title} {item.number}",
                body=f"{who}牵头，完成时限 {today.year}年{today.month}月：{' '.join(item.text.split())[:60]}",
                url=markers[item.pk],
                category=DUE_CATEGORY,
            )
        reminded += 1
    return reminded


def due_month_reminders_job() -> str:
    return f"工作要点到期提醒 {due_month_reminders()} 条"


def register() -> None:
    """Called from WorkplansConfig.ready()."""
    scheduled_jobs.register(
        DUE_JOB,
        ScheduledJob(
            key=DUE_JOB, label="工作要点到期月份提醒牵头单位", func=due_month_reminders_job, order=70
        ),
    )
