"""The figure 工作要点 gives 量化评价 and the 各级总览 (core.registry.indicator_sources), per union over its whole
subtree in one grouped query per tree depth (orgs.rollup):

- workplans.items_late 逾期未完成的工作要点 — items of the period's plans (plan year within the period) whose due
  month ended before the period's end and whose lead has not reported them 已完成 by then (its latest report up to
  the period's end), counted under the lead: the lead union, or the issuing union for an item led by one of its
  departments. Items without a due month are not counted."""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.orgs.rollup import rollup

from .choices import ProgressStatus
from .models import PlanItem, ProgressReport

KEY = "workplans.items_late"


def _moment(day: dt.date) -> dt.datetime:
    """The first moment of `day` in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def late_items(period: Period) -> Any:
    """The items late as of `period.end`, annotated with their lead's path (`lead_path`)."""
    end = period.end
    latest = (
        ProgressReport.objects.filter(
            item=OuterRef("pk"),
            org=Coalesce(OuterRef("lead_org_id"), OuterRef("section__plan__org_id")),
            created_at__lt=_moment(end + dt.timedelta(days=1)),
        )
        .order_by("-created_at", "-id")
        .values("status")[:1]
    )
    # the due date (the due month's last day) is before `end`: an earlier year, or an earlier month of end's year
    due_passed = Q(section__plan__year__lt=end.year) | Q(
        section__plan__year=end.year, due_month__lt=end.month
    )
    return (
        PlanItem.objects.filter(
            due_month__isnull=False,
            section__plan__year__gte=period.start.year,
            section__plan__year__lte=end.year,
        )
        .filter(due_passed)
        .annotate(
            lead_path=Coalesce("lead_org__path", "section__plan__org__path"),
            lead_status=Subquery(latest),
        )
        .filter(Q(lead_status__isnull=True) | ~Q(lead_status=ProgressStatus.DONE))
    )


def items_late(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    figures = rollup(late_items(period), orgs, path_field="lead_path", n=Count("pk"))
    url = f"{reverse('workplans:plan_list')}?{urlencode({'year': period.end.year})}"
    return {
        org.id: IndicatorValue(
            value=Decimal(figures[org.id]["n"]),
            detail=f"截至{period.end:%Y年%-m月%-d日}逾期未完成的工作要点条目 {figures[org.id]['n']} 项",
            url=url,
        )
        for org in orgs
    }


indicator_sources.register(
    KEY,
    IndicatorSource(
        key=KEY,
        label="逾期未完成的工作要点",
        unit="个",
        kind="count",
        values_for=items_late,
        description="本年度工作要点中由本单位（含下级）牵头、完成月份已过而牵头单位截至期末仍未报告“已完成”的条目数；"
        "由发文工会内设部门牵头的条目计入发文工会。",
        section="网上办公",
        higher_is_better=False,
        order=70,
    ),
)
