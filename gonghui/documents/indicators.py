"""The figure documents gives 量化评价 and the 各级总览 (core.registry.indicator_sources): 公文签收率, per union over
its whole subtree, as of the period's last day."""

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

from .choices import DocumentStatus
from .models import Receipt


def receipt_rate_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """Deliveries (`Receipt`, the issuer's own and those passed on by 转发) made in the period of documents not
    withdrawn, and those of them signed for (签收) by the end."""
    tz = timezone.get_current_timezone()
    delivered = (
        Receipt.objects.exclude(document__status=DocumentStatus.WITHDRAWN)
        .annotate(
            delivered_on=TruncDate("delivered_at", tzinfo=tz), signed_on=TruncDate("signed_at", tzinfo=tz)
        )
        .filter(delivered_on__gte=period.start, delivered_on__lte=period.end)
    )
    counts = rollup(
        delivered,
        orgs,
        delivered=Count("id"),
        signed=Count("id", filter=Q(signed_on__lte=period.end)),
    )
    out: dict[int, IndicatorValue] = {}
    for org in orgs:
        total, signed = counts[org.id]["delivered"], counts[org.id]["signed"]
        out[org.id] = IndicatorValue(
            value=percent_value(signed, total),
            numerator=Decimal(signed),
            denominator=Decimal(total),
            detail=f"已签收 {signed} ÷ 收到公文 {total}",
            url=reverse("documents:inbox") + "?" + urlencode({"org": org.code, "state": "unsigned"}),
        )
    return out


indicator_sources.register(
    "documents.receipt_rate",
    IndicatorSource(
        key="documents.receipt_rate",
        label="公文签收率",
        unit="%",
        kind="rate",
        values_for=receipt_rate_values,
        description=(
            "期内送达本级及下级工会的公文（含经转发送达，不含已撤回的）中，期末前已签收的 ÷ 送达的份数；"
            "一份公文送达一个工会计一份。"
        ),
        section="网上办公",
        order=40,
    ),
)
