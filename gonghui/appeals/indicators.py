"""The figures appeals gives 量化评价 and the 各级总览 (core.registry.indicator_sources): 诉求按期办结率, 诉求满意率 and
超期未办结诉求, per handling union (办理工会) over its whole subtree, as of the period's last day. The rates read
the cases as the 诉求统计 page does (`stats.Figures`: a case counts as overdue when it ever was, `was_overdue`;
satisfaction is 满意 + 基本满意 ÷ rated)."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.core.statistics import percent_value
from gonghui.orgs.rollup import rollup

from .choices import AppealStatus, Rating
from .models import Appeal
from .sla import overdue_q

NETWORK = "网上维权"
PENDING = "待办与超期"


def _stats_url(org: Any, period: Period) -> str:
    query = {"org": org.code, "start": period.start.isoformat(), "end": period.end.isoformat()}
    return reverse("appeals:appeal_stats") + "?" + urlencode(query)


def _rate(
    orgs: Sequence[Any], period: Period, counts: Mapping[int, Mapping[str, Any]], label: str, whole_label: str
) -> dict[int, IndicatorValue]:
    out: dict[int, IndicatorValue] = {}
    for org in orgs:
        part, whole = counts[org.id]["part"], counts[org.id]["whole"]
        out[org.id] = IndicatorValue(
            value=percent_value(part, whole),
            numerator=Decimal(part),
            denominator=Decimal(whole),
            detail=f"{label} {part} ÷ {whole_label} {whole}",
            url=_stats_url(org, period),
        )
    return out


def _submitted_in(period: Period) -> Any:
    return Appeal.objects.filter(submitted_on__gte=period.start, submitted_on__lte=period.end)


def on_time_rate_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """Cases submitted in the period, not 不予受理, that by the end were answered or past their reply deadline;
    of them, those answered by the end and never overdue."""
    end = period.end
    due = (
        _submitted_in(period)
        .exclude(status=AppealStatus.REJECTED)
        .filter(Q(replied_on__lte=end) | Q(reply_due__lt=end))
    )
    counts = rollup(
        due,
        orgs,
        whole=Count("id"),
        part=Count("id", filter=Q(replied_on__lte=end, was_overdue=False)),
    )
    return _rate(orgs, period, counts, "按期办结", "应办结")


def satisfaction_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """Cases submitted in the period and rated by the end: 满意 + 基本满意 ÷ rated."""
    rated = (
        _submitted_in(period)
        .exclude(rating="")
        .annotate(rated_on=TruncDate("rated_at", tzinfo=timezone.get_current_timezone()))
        .filter(Q(rated_on__lte=period.end) | Q(rated_at__isnull=True))
    )
    counts = rollup(
        rated,
        orgs,
        whole=Count("id"),
        part=Count("id", filter=Q(rating__in=(Rating.SATISFIED, Rating.FAIRLY))),
    )
    return _rate(orgs, period, counts, "满意及基本满意", "已评价")


def overdue_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """Open cases past their deadline at the end. For a period ending today or later: the desk's own rule
    (`sla.overdue_q`, a paused case is never overdue); for a past end: cases submitted by then, not 不予受理,
    unanswered at the end and past their reply deadline."""
    end, today = period.end, timezone.localdate()
    if end >= today:
        late = Appeal.objects.filter(overdue_q(today))
    else:
        late = (
            Appeal.objects.filter(submitted_on__lte=end, reply_due__lt=end)
            .exclude(status=AppealStatus.REJECTED)
            .filter(Q(replied_on__isnull=True) | Q(replied_on__gt=end))
        )
    counts = rollup(late, orgs, n=Count("id"))
    url = reverse("appeals:appeal_overdue_board")
    return {
        org.id: IndicatorValue(
            value=Decimal(counts[org.id]["n"]), detail=f"超期未办结 {counts[org.id]['n']} 件", url=url
        )
        for org in orgs
    }


indicator_sources.register(
    "appeals.on_time_rate",
    IndicatorSource(
        key="appeals.on_time_rate",
        label="诉求按期办结率",
        unit="%",
        kind="rate",
        values_for=on_time_rate_values,
        description=(
            "本级及下级工会办理、期内提交的诉求（不含不予受理）中，期末前已答复或已过答复期限的为应办结；"
            "其中期末前已答复且从未超期的为按期办结。按期办结 ÷ 应办结。"
        ),
        section=NETWORK,
        order=50,
    ),
)
indicator_sources.register(
    "appeals.satisfaction",
    IndicatorSource(
        key="appeals.satisfaction",
        label="诉求满意率",
        unit="%",
        kind="rate",
        values_for=satisfaction_values,
        description="期内提交、期末前已评价的诉求中，评价为满意或基本满意的 ÷ 已评价的（与诉求统计同一口径）。",
        section=NETWORK,
        order=51,
    ),
)
indicator_sources.register(
    "appeals.overdue",
    IndicatorSource(
        key="appeals.overdue",
        label="超期未办结诉求",
        unit="件",
        kind="count",
        values_for=overdue_values,
        description=(
            "期末仍未办结且已过期限的诉求：期末为今天或以后时按诉求台账的超期规则（待受理过受理期限、办理中过答复期限，"
            "暂停计时的不算）；期末在过去时，为期末前提交、未不予受理、期末时未答复且已过答复期限的诉求。"
        ),
        section=PENDING,
        higher_is_better=False,
        order=52,
    ),
)
