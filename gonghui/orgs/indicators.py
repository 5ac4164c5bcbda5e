"""The figures orgs gives 量化评价 and the 各级总览 (core.registry.indicator_sources): 建会进度 (the 建会 register)
and 女职工委员会组建率 (the 三委), per union over its whole subtree, as of the period's last day."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.core.statistics import percent_value

from .choices import CommitteeKind, OrgLevel, OrgStatus
from .models import Committee, Org, UnionFounding
from .rollup import rollup
from .selectors import FOUNDED_STATUSES

COVERAGE = "会员与覆盖"


def founding_rate_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """Units of the 建会 register (registered on or before the end, under a supervising union in the subtree) and
    those of them founded by the end: status 已建会 or later, with the new union's 建会日期 on or before the end
    (a founded unit without a date counts as founded)."""
    end = period.end
    founded = Q(status__in=FOUNDED_STATUSES) & (
        Q(founded_org__isnull=True)
        | Q(founded_org__founded_on__isnull=True)
        | Q(founded_org__founded_on__lte=end)
    )
    counts = rollup(
        UnionFounding.objects.filter(created_at__date__lte=end),
        orgs,
        tracked=Count("id"),
        founded=Count("id", filter=founded),
    )
    url = reverse("orgs:founding_list")
    out: dict[int, IndicatorValue] = {}
    for org in orgs:
        tracked, done = counts[org.id]["tracked"], counts[org.id]["founded"]
        out[org.id] = IndicatorValue(
            value=percent_value(done, tracked),
            numerator=Decimal(done),
            denominator=Decimal(tracked),
            detail=f"已建会 {done} ÷ 登记单位 {tracked}",
            url=url,
        )
    return out


def women_committee_in_force(end: Any) -> Exists:
    """The union had a 女职工委员会 at the end: one elected (or, without an election date, registered) on or
    before it that is the current one or whose term had not ended by then."""
    return Exists(
        Committee.objects.filter(org=OuterRef("pk"), kind=CommitteeKind.WOMEN)
        .filter(Q(elected_on__lte=end) | Q(elected_on__isnull=True, created_at__date__lte=end))
        .filter(Q(is_current=True) | Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=end))
    )


def women_committee_rate_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    end = period.end
    unions = Org.objects.filter(level=OrgLevel.GRASSROOTS, status=OrgStatus.ACTIVE).filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=end)
    )
    counts = rollup(
        unions.annotate(formed=women_committee_in_force(end)),
        orgs,
        path_field="path",
        unions=Count("id"),
        formed=Count("id", filter=Q(formed=True)),
    )
    out: dict[int, IndicatorValue] = {}
    for org in orgs:
        total, formed = counts[org.id]["unions"], counts[org.id]["formed"]
        out[org.id] = IndicatorValue(
            value=percent_value(formed, total),
            numerator=Decimal(formed),
            denominator=Decimal(total),
            detail=f"已组建女职工委员会 {formed} ÷ 基层工会 {total}",
            url=reverse("orgs:org_detail", args=[org.code]),
        )
    return out


indicator_sources.register(
    "orgs.founding_rate",
    IndicatorSource(
        key="orgs.founding_rate",
        label="建会进度",
        unit="%",
        kind="rate",
        values_for=founding_rate_values,
        description=(
            "建会登记簿中期末前登记的单位里，期末已建会（已建会、三委已组建、信息完善，且建会日期不晚于期末）的单位"
            " ÷ 登记的单位；按主管工会归入本级及上级。"
        ),
        section=COVERAGE,
        order=20,
    ),
)
indicator_sources.register(
    "orgs.women_committee_rate",
    IndicatorSource(
        key="orgs.women_committee_rate",
        label="女职工委员会组建率",
        unit="%",
        kind="rate",
        values_for=women_committee_rate_values,
        description=(
            "本级及下级正常状态的基层工会中，期末已组建女职工委员会（三委中的女职工委员会，期末前选举产生且未届满或为本届）"
            "的工会 ÷ 基层工会数（建会日期晚于期末的不计）。"
        ),
        section=COVERAGE,
        order=21,
    ),
)
