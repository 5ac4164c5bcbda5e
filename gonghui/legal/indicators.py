"""The figure legal gives 量化评价 and the 各级总览 (core.registry.indicator_sources): 法律援助审查平均用时, per
union over its whole subtree, as of the period's last day — the average `legal_statistics` shows on the 法律服务统计
page (review_workdays of the reviewed applications)."""

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.orgs.rollup import rollup

from .models import LegalAidApplication


def aid_review_days_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """Applications submitted in the period and reviewed (approved or refused) by the end: their review time in
    working days, summed ÷ their number."""
    reviewed = (
        LegalAidApplication.objects.filter(submitted_on__gte=period.start, submitted_on__lte=period.end)
        .filter(review_workdays__isnull=False)
        .annotate(reviewed_on=TruncDate("reviewed_at", tzinfo=timezone.get_current_timezone()))
        .filter(Q(reviewed_on__lte=period.end) | Q(reviewed_at__isnull=True))
    )
    counts = rollup(reviewed, orgs, days=Sum("review_workdays"), reviewed=Count("id"))
    out: dict[int, IndicatorValue] = {}
    for org in orgs:
        days, n = counts[org.id]["days"] or 0, counts[org.id]["reviewed"]
        value = (Decimal(days) / n).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if n else None
        out[org.id] = IndicatorValue(
            value=value,
            numerator=Decimal(days),
            denominator=Decimal(n),
            detail=f"审查用时合计 {days} 个工作日 ÷ 已审查 {n} 件",
            url=reverse("legal:statistics") + "?" + urlencode({"org": org.code, "year": period.end.year}),
        )
    return out


indicator_sources.register(
    "legal.aid_review_days",
    IndicatorSource(
        key="legal.aid_review_days",
        label="法律援助审查平均用时",
        unit="天",
        kind="days",
        values_for=aid_review_days_values,
        description=(
            "本级及下级工会受理、期内申请并在期末前审查完毕（批准或不予援助）的法律援助申请，审查用时（工作日）的平均数；"
            "与法律服务统计的平均审查用时同一口径。"
        ),
        section="网上维权",
        higher_is_better=False,
        order=55,
    ),
)
