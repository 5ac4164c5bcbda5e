"""量化评价 rows for tests, written straight to the tables so each part's tests stand alone; parts whose services
exist build on them in their own factories (tests/factories_<part>.py)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.evaluations.choices import IndicatorKind, RoundStatus, RuleKind, SchemeStatus
from gonghui.evaluations.models import Dimension, EvaluationRound, EvaluationScheme, Indicator, RoundTarget


def make_scheme(*, org: Any, actor: Any, **extra: Any) -> EvaluationScheme:
    """A published 2020 scheme of `org` (the next version when one of the same title exists) with one dimension 组织建设 and two indicators: 入会率 (automatic,
    members.join_rate, thresholds 90 → 10, 80 → 8, 70 → 5) and 职工之家建设 (manual, 10 points)."""
    title = extra.pop("title", "2020年度基层工会工作量化考核")
    # several crawler worlds may each build org A's scheme: a second one of the same title is its next version
    version = extra.pop("version", EvaluationScheme.objects.filter(org=org, title=title).count() + 1)
    scheme = EvaluationScheme.objects.create(
        org=org,
        title=title,
        version=version,
        year=extra.pop("year", 2020),
        status=extra.pop("status", SchemeStatus.PUBLISHED),
        created_by=actor,
        **extra,
    )
    dimension = Dimension.objects.create(scheme=scheme, name="组织建设", order=1)
    Indicator.objects.create(
        scheme=scheme,
        dimension=dimension,
        number="1",
        name="入会率",
        points=Decimal(10),
        kind=IndicatorKind.AUTO,
        source_key="members.join_rate",
        rule=RuleKind.THRESHOLDS,
        params={"direction": "at_least", "steps": [["90", "10"], ["80", "8"], ["70", "5"]]},
        order=1,
    )
    Indicator.objects.create(
        scheme=scheme,
        dimension=dimension,
        number="2",
        name="职工之家建设",
        points=Decimal(10),
        kind=IndicatorKind.MANUAL,
        rule=RuleKind.MANUAL,
        order=2,
    )
    return scheme


def make_round(*, scheme: EvaluationScheme, actor: Any, targets: list[Any], **extra: Any) -> EvaluationRound:
    """A draft round of `scheme` run by the scheme's union over the scheme's year, with `targets` as target unions."""
    round_ = EvaluationRound.objects.create(
        org=extra.pop("org", scheme.org),
        scheme=scheme,
        title=extra.pop("title", f"{scheme.year}年度考核"),
        period_start=extra.pop("period_start", dt.date(scheme.year, 1, 1)),
        period_end=extra.pop("period_end", dt.date(scheme.year, 12, 31)),
        status=extra.pop("status", RoundStatus.DRAFT),
        created_by=actor,
        **extra,
    )
    for org in targets:
        RoundTarget.objects.create(round=round_, org=org, peer_group=f"{org.get_level_display()}")
    return round_
