"""The 量化评价 figure other pages read (core.registry.indicator_sources): "evaluations.latest_total", 量化考核得分 —
for each union, the total of the latest frozen round (period ending, or round frozen, on or before the period's
end: this year's round frozen in November counts for 本年至今) in which that union itself was a target, linking to its 评分卡. One query whatever the number of unions."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Q
from django.urls import reverse

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources

from .choices import RoundStatus
from .models import RoundTarget
from .rules import show

LATEST_TOTAL = "evaluations.latest_total"


def latest_total_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """{org.id: IndicatorValue} for every org: the latest frozen total as of `period.end` (None: never scored)."""
    ids = [org.id for org in orgs]
    latest: dict[int, tuple[Any, ...]] = {}
    rows = (
        RoundTarget.objects.filter(
            Q(round__period_end__lte=period.end) | Q(round__frozen_at__date__lte=period.end),
            org_id__in=ids,
            round__status=RoundStatus.FROZEN,
        )
        .order_by("org_id", "-round__period_end", "-round__frozen_at", "-pk")
        .values_list("org_id", "public_id", "total", "grade", "round__title")
    )
    for org_id, public_id, total, grade, title in rows:
        latest.setdefault(org_id, (public_id, total, grade, title))
    values: dict[int, IndicatorValue] = {}
    for org_id in ids:
        found = latest.get(org_id)
        if found is None:
            values[org_id] = IndicatorValue(None)
            continue
        public_id, total, grade, title = found
        detail = f"{title}：{show(total)} 分{f'，{grade}' if grade else ''}"
        url = reverse("evaluations:scorecard", args=[public_id])
        values[org_id] = IndicatorValue(total, detail=detail, url=url)
    return values


indicator_sources.register(
    LATEST_TOTAL,
    IndicatorSource(
        key=LATEST_TOTAL,
        label="量化考核得分",
        unit="分",
        kind="score",
        values_for=latest_total_values,
        description="该工会作为被考核单位参加的、统计截止日前已定档（或考核期间已结束）的最近一次考核的最终得分",
        section="量化评价",
        order=10,
    ),
)
