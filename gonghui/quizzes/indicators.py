"""The figure quizzes gives 量化评价 and the 各级总览 (core.registry.indicator_sources): 答题参与率, per union over
its whole subtree, as of the period's last day."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.urls import reverse

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.core.statistics import percent_value
from gonghui.members.rates import serving_members_as_of
from gonghui.orgs.rollup import rollup

from .choices import ActivityStatus
from .models import Attempt


def participation_rate_values(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """Members who started a paper (`Attempt`) of any published 答题活动 in the period, counted once each at the
    union they answered from ÷ the serving members at the end (`members.rates.serving_members_as_of`)."""
    attempts = Attempt.objects.filter(started_on__gte=period.start, started_on__lte=period.end).exclude(
        activity__status=ActivityStatus.DRAFT
    )
    takers = rollup(attempts, orgs, n=Count("member", distinct=True))
    members = rollup(serving_members_as_of(period.end), orgs, path_field="as_of_path", n=Count("id"))
    url = reverse("quizzes:activity_list")
    out: dict[int, IndicatorValue] = {}
    for org in orgs:
        part, whole = takers[org.id]["n"], members[org.id]["n"]
        out[org.id] = IndicatorValue(
            value=percent_value(part, whole),
            numerator=Decimal(part),
            denominator=Decimal(whole),
            detail=f"参与答题会员 {part} ÷ 在籍会员 {whole}",
            url=url,
        )
    return out


indicator_sources.register(
    "quizzes.participation_rate",
    IndicatorSource(
        key="quizzes.participation_rate",
        label="答题参与率",
        unit="%",
        kind="rate",
        values_for=participation_rate_values,
        description=(
            "期内参加过任一答题活动（已发布的活动，开始答卷即算，一人只计一次）的本级及下级工会会员 ÷ 期末在籍会员"
            "（与入会率的分子同一口径）。"
        ),
        section="网上答题",
        order=60,
    ),
)
