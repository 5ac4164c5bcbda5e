"""Results of rounds for the reports tests, written straight to the tables (no life cycle): a scheme from
`make_scheme` plus a veto dimension, and a round whose targets carry Score rows, totals, grades and ranks."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gonghui.evaluations.choices import IndicatorKind, RoundStatus, RuleKind
from gonghui.evaluations.models import Dimension, EvaluationRound, EvaluationScheme, Indicator, Score
from gonghui.evaluations.rules import dimension_total, grade_for, manual_outcome, rank_totals, score

from .factories import make_round, make_scheme


@dataclass(frozen=True)
class Result:
    """One target: its 入会率 (automatic), 职工之家建设 assessor points (and 自评), the veto item's verdict."""

    org: Any
    join_rate: Decimal | None
    home: Decimal
    passed: bool = True
    self_home: Decimal | None = None
    peer_group: str = ""
    adjust_reason: str = ""
    gap_note: str = ""


def make_report_scheme(*, org: Any, actor: Any, year: int = 2020, **extra: Any) -> EvaluationScheme:
    """make_scheme's 组织建设 (入会率 10, 职工之家建设 10) plus 民主管理 with a veto item 职代会制度 (manual, 5)."""
    scheme = make_scheme(org=org, actor=actor, year=year, title=f"{year}年度基层工会工作量化考核", **extra)
    dimension = Dimension.objects.create(scheme=scheme, name="民主管理", order=2)
    Indicator.objects.create(
        scheme=scheme,
        dimension=dimension,
        number="3",
        name="职代会制度",
        points=Decimal(5),
        kind=IndicatorKind.MANUAL,
        rule=RuleKind.MANUAL,
        is_veto=True,
        order=1,
    )
    return scheme


def make_results(
    *, scheme: EvaluationScheme, actor: Any, results: list[Result], frozen: bool = True, **extra: Any
) -> EvaluationRound:
    """A round of `scheme` (frozen unless told) with one target per result, every Score filled as the rounds part
    would: the automatic one by its rule, the manual ones by their assessor points, totals, grade and ranks."""
    round_ = make_round(scheme=scheme, actor=actor, targets=[r.org for r in results], **extra)
    indicators = {i.number: i for i in Indicator.objects.filter(scheme=scheme).select_related("dimension")}
    targets = {t.org_id: t for t in round_.targets.all()}
    totals: dict[int, Decimal] = {}
    for result in results:
        target = targets[result.org.id]
        join = indicators["1"]
        outcome = score(join.rule, join.params, join.points, result.join_rate, label="入会率")
        Score.objects.create(
            target=target,
            indicator=join,
            value=result.join_rate,
            value_detail="" if result.join_rate is None else f"入会率 {result.join_rate}%",
            records_url=f"/members/?org={result.org.code}",
            computed_points=outcome.points,
            explanation=outcome.explanation,
            final_points=outcome.points,
        )
        home = indicators["2"]
        Score.objects.create(
            target=target,
            indicator=home,
            self_points=result.self_home,
            assessor_points=result.home,
            gap_flagged=bool(result.gap_note),
            gap_note=result.gap_note,
            explanation=manual_outcome(home.points, result.home).explanation,
            final_points=result.home,
            adjusted=bool(result.adjust_reason),
            adjust_reason=result.adjust_reason,
        )
        veto = indicators["3"]
        given = veto.points if result.passed else Decimal(0)
        Score.objects.create(
            target=target,
            indicator=veto,
            assessor_points=given,
            final_points=given,
            passed=result.passed,
            explanation=manual_outcome(veto.points, given, passed=result.passed).explanation,
        )
        total = dimension_total([outcome.points, result.home], None) + given
        totals[target.pk] = total
        target.total = total
        target.assessor_total = result.home + given
        target.vetoed = not result.passed
        target.grade = grade_for(
            total,
            [(band[0], band[1]) for band in scheme.grade_bands],
            vetoed=not result.passed,
            veto_grade=scheme.veto_grade,
        )
        target.peer_group = result.peer_group or target.peer_group
    ranks = rank_totals(totals)
    for target in targets.values():
        target.rank = ranks.get(target.pk)
        target.save()
    if frozen:
        round_.status = RoundStatus.FROZEN
        round_.frozen_at = dt.datetime(scheme.year + 1, 1, 20, 2, 0, tzinfo=dt.UTC)
        round_.frozen_by = actor
        round_.save()
    else:
        round_.status = RoundStatus.RECHECK
        round_.save()
    return round_
