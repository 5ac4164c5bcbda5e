"""The figures 活动与志愿服务 gives 量化评价 and the 各级总览 (core.registry.indicator_sources), each per union over its
whole subtree in one grouped query per tree depth (orgs.rollup):

- activities.held 开展活动场次 — published activities (cancelled and drafts left out, as on 活动统计) whose start
  falls in the period, counted under the organising union;
- activities.volunteer_hours 志愿服务时长 — the service hours of records served in the period and counted (公示
  closed, status 已计入) by the period's end, under the team's union; the journey is never summed."""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.orgs.rollup import rollup

from .choices import ActivityStatus, ServiceRecordStatus
from .models import Activity, ServiceRecord

SECTION = "活动与帮扶"
TENTH = Decimal("0.1")


def _moment(day: dt.date) -> dt.datetime:
    """The first moment of `day` in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def activities_held(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    rows = Activity.objects.filter(
        status=ActivityStatus.PUBLISHED,
        starts_at__gte=_moment(period.start),
        starts_at__lt=_moment(period.end + dt.timedelta(days=1)),
    )
    figures = rollup(rows, orgs, n=Count("pk"))
    base = reverse("activities:list")
    return {
        org.id: IndicatorValue(
            value=Decimal(figures[org.id]["n"]),
            detail=f"{period.label}：开展活动 {figures[org.id]['n']} 场",
            url=f"{base}?{urlencode({'org': org.code})}",
        )
        for org in orgs
    }


def volunteer_hours(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    rows = ServiceRecord.objects.filter(
        status=ServiceRecordStatus.COUNTED,
        served_on__gte=period.start,
        served_on__lte=period.end,
        counted_at__lt=_moment(period.end + dt.timedelta(days=1)),
    )
    figures = rollup(
        rows, orgs, path_field="project__team__org__path", hours=Sum("hours"), records=Count("pk")
    )
    base = reverse("activities:volunteer_hours")
    result: dict[int, IndicatorValue] = {}
    for org in orgs:
        hours = Decimal(figures[org.id]["hours"] or 0).quantize(TENTH)
        result[org.id] = IndicatorValue(
            value=hours,
            detail=f"已计入服务记录 {figures[org.id]['records']} 条，共 {hours} 小时",
            url=f"{base}?{urlencode({'year': period.end.year, 'org': org.pk})}",
        )
    return result


indicator_sources.register(
    "activities.held",
    IndicatorSource(
        key="activities.held",
        label="开展活动场次",
        unit="个",
        kind="count",
        values_for=activities_held,
        description="本级及下级工会主办、已发布（不含草稿和已取消）且开始时间在统计期内的活动场次，口径同活动统计。",
        section=SECTION,
        order=10,
    ),
)
indicator_sources.register(
    "activities.volunteer_hours",
    IndicatorSource(
        key="activities.volunteer_hours",
        label="志愿服务时长",
        unit="小时",
        kind="hours",
        values_for=volunteer_hours,
        description=(
            "本级及下级工会志愿服务队在统计期内服务、且在截止日前公示期满已计入的服务时长之和"
            "（往返交通时间不计入，已撤销的记录不计）。"
        ),
        section=SECTION,
        order=20,
    ),
)
