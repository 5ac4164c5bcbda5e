"""The figures 评选表彰 gives 量化评价 (core.registry.indicator_sources), per union over its whole subtree:

- honours.awards 获评荣誉数 — honours (persons and unions) awarded in the period and not revoked by its end,
  counted where the record belongs (`Honour.org`: the member's union or the honoured union), as
  `selectors.records.honour_counts` counts them for a year;
- honours.home_score 建家自查得分 — the 建家 self-check totals of the year's closed assessments
  (`selectors.homes.year_home_scores`): a union's own total, or the mean over the units of its subtree."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.orgs.models import Org
from gonghui.orgs.rollup import rollup

from .models import Honour
from .selectors.homes import year_home_scores

CENT = Decimal("0.01")


def awards(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    rows = Honour.objects.filter(awarded_on__gte=period.start, awarded_on__lte=period.end).filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=period.end)
    )
    figures = rollup(rows, orgs, n=Count("pk"), people=Count("pk", filter=Q(member__isnull=False)))
    base = reverse("honours:honour_list")
    return {
        org.id: IndicatorValue(
            value=Decimal(figures[org.id]["n"]),
            detail=f"个人 {figures[org.id]['people']} 项、集体 {figures[org.id]['n'] - figures[org.id]['people']} 项",
            url=f"{base}?{urlencode({'year': period.end.year})}",
        )
        for org in orgs
    }


def home_score(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """The self totals (submitted self sheets) of the units in each union's subtree in the closed assessments of
    the period's last year; a unit in several counts each time."""
    asked: dict[str, list[int]] = defaultdict(list)
    for org in orgs:
        asked[org.path].append(org.id)
    own: dict[int, list[Decimal]] = defaultdict(list)
    assessed: dict[int, list[Decimal]] = defaultdict(list)
    for score in year_home_scores(period.end.year):
        path = score.org.path
        for length in range(Org.steplen, len(path) + 1, Org.steplen):
            for org_id in asked.get(path[:length], ()):
                if score.self_total is not None:
                    own[org_id].append(score.self_total)
                if score.assessor_total is not None:
                    assessed[org_id].append(score.assessor_total)
    base = reverse("honours:home_list")
    url = f"{base}?{urlencode({'year': period.end.year})}"
    result: dict[int, IndicatorValue] = {}
    for org in orgs:
        totals = own.get(org.id, [])
        if not totals:
            result[org.id] = IndicatorValue(value=None, detail="无已结束的建家考评自评", url=url)
            continue
        mean = (sum(totals, Decimal(0)) / len(totals)).quantize(CENT, rounding=ROUND_HALF_UP)
        marks = assessed.get(org.id, [])
        detail = f"{len(totals)} 个单位自评平均 {mean} 分"
        if marks:
            detail += f"，考评平均 {(sum(marks, Decimal(0)) / len(marks)).quantize(CENT, rounding=ROUND_HALF_UP)} 分"
        result[org.id] = IndicatorValue(value=mean, detail=detail, url=url)
    return result


indicator_sources.register(
    "honours.awards",
    IndicatorSource(
        key="honours.awards",
        label="获评荣誉数",
        unit="个",
        kind="count",
        values_for=awards,
        description=(
            "本级及下级工会及其会员在统计期内获授予（按授予日期）、截止日未被撤销的荣誉数（个人与集体），"
            "计入荣誉档案所属工会。"
        ),
        order=60,
    ),
)
indicator_sources.register(
    "honours.home_score",
    IndicatorSource(
        key="honours.home_score",
        label="建家自查得分",
        unit="分",
        kind="score",
        values_for=home_score,
        description=(
            "截止日所在年度已结束的建家考评中，本单位已提交的自评总分；上级工会为其下参评单位自评总分的平均值"
            "（勾选一票否决项的自评计0分）。"
        ),
        order=61,
    ),
)
