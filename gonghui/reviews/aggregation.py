"""The arithmetic of a review, as pure functions over plain values (no database): a sheet's total (weighted points,
zero when a veto item is ticked), the mean and the trimmed mean of the judges' totals (one highest and one lowest
dropped from 5 judges on), an entry's score with weights per judge group, the ranking with an ordered list of tie
rules, and the judges whose total differs from the mean of the others by more than a share of the maximum.

    score = entry_score([JudgeTotal(1, "专家组", Decimal(88)), JudgeTotal(2, "职工代表组", Decimal(80))],
                        group_weights={"专家组": Decimal(7), "职工代表组": Decimal(3)})   # 85.6
"""

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .choices import TieRuleKind

TRIM_FROM = 5
OUTLIER_SHARE = Decimal("0.15")
GAP_SHARE = Decimal("0.15")


@dataclass(frozen=True)
class CriterionRule:
    name: str
    max_points: Decimal
    weight: Decimal = Decimal(1)
    is_veto: bool = False


@dataclass(frozen=True)
class JudgeTotal:
    judge_id: int
    group: str
    total: Decimal


@dataclass(frozen=True)
class EntryResult:
    """An entry's final score with what the tie rules read: its judges' totals and per-criterion means."""

    entry_id: int
    score: Decimal
    totals: tuple[Decimal, ...] = ()
    criterion_means: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class TieRule:
    kind: TieRuleKind
    criterion: str = ""


@dataclass(frozen=True)
class RoundRules:
    """The rules a round is scored by (stored on `ReviewRound`, read through `ReviewRound.rules`): the tie rules
    in order, the outlying judges' share of the maximum, the weight per judge group (empty: every judge counts the
    same) and the share of a criterion's maximum beyond which a self score and the assessors' differ."""

    tie_rules: tuple[TieRule, ...] = ()
    outlier_share: Decimal = OUTLIER_SHARE
    group_weights: Mapping[str, Decimal] = field(default_factory=dict)
    gap_share: Decimal = GAP_SHARE


@dataclass(frozen=True)
class Ranked:
    rank: int
    result: EntryResult


def sheet_max(criteria: Sequence[CriterionRule]) -> Decimal:
    """The highest total a sheet can reach."""
    return sum((c.max_points * c.weight for c in criteria if not c.is_veto), Decimal(0))


def sheet_total(points: Mapping[str, Decimal], criteria: Sequence[CriterionRule]) -> Decimal:
    """Weighted sum of the points by criterion name; 0 when a veto item holds 1 (a missing criterion counts 0)."""
    if any(c.is_veto and points.get(c.name, Decimal(0)) == 1 for c in criteria):
        return Decimal(0)
    return sum((points.get(c.name, Decimal(0)) * c.weight for c in criteria if not c.is_veto), Decimal(0))


def mean(values: Sequence[Decimal]) -> Decimal:
    if not values:
        raise ValueError("mean of no values")
    return sum(values, Decimal(0)) / len(values)


def median(values: Sequence[Decimal]) -> Decimal:
    if not values:
        raise ValueError("median of no values")
    return Decimal(statistics.median(values))


def trimmed_mean(values: Sequence[Decimal], *, trim_from: int = TRIM_FROM) -> Decimal:
    """去掉一个最高分和一个最低分: the mean without one highest and one lowest value when there are at least
    `trim_from` values, else the plain mean."""
    if len(values) >= trim_from:
        return mean(sorted(values)[1:-1])
    return mean(values)


def entry_score(
    totals: Sequence[JudgeTotal],
    *,
    group_weights: Mapping[str, Decimal] | None = None,
    trim: bool = True,
) -> Decimal:
    """An entry's final score. Without group weights: the (trimmed) mean of every judge's total. With them: the
    (trimmed) mean within each judge group, averaged with the groups' weights (normalised over the groups that
    scored the entry)."""
    average = trimmed_mean if trim else mean
    if not group_weights:
        return average([t.total for t in totals])
    by_group: dict[str, list[Decimal]] = {}
    for judge_total in totals:
        if judge_total.group not in group_weights:
            raise ValueError(f"no weight for judge group {judge_total.group!r}")
        by_group.setdefault(judge_total.group, []).append(judge_total.total)
    weight_sum = sum((group_weights[g] for g in by_group), Decimal(0))
    if weight_sum <= 0:
        raise ValueError("the judge groups that scored have no weight")
    return sum((group_weights[g] * average(v) for g, v in by_group.items()), Decimal(0)) / weight_sum


def group_means(totals: Sequence[JudgeTotal], *, trim: bool = True) -> dict[str, Decimal]:
    """The (trimmed) mean of the totals within each judge group, by group name ("" for judges without one)."""
    average = trimmed_mean if trim else mean
    by_group: dict[str, list[Decimal]] = {}
    for judge_total in totals:
        by_group.setdefault(judge_total.group, []).append(judge_total.total)
    return {group: average(values) for group, values in sorted(by_group.items())}


def _tie_value(result: EntryResult, rule: TieRule) -> Decimal:
    if rule.kind == TieRuleKind.CRITERION:
        return result.criterion_means.get(rule.criterion, Decimal(0))
    if not result.totals:
        return Decimal(0)
    if rule.kind == TieRuleKind.MEDIAN:
        return median(result.totals)
    return min(result.totals)


def rank(results: Sequence[EntryResult], tie_rules: Sequence[TieRule] = ()) -> list[Ranked]:
    """Highest score first; equal scores are ordered by the tie rules in turn (a named criterion's mean, the
    median of the judges' totals, the lowest total — higher first). Entries equal on the score and every rule
    share a rank (1, 1, 3); among them the list keeps entry id order."""

    def key(result: EntryResult) -> tuple[Decimal, ...]:
        return (result.score, *(_tie_value(result, rule) for rule in tie_rules))

    ordered = sorted(results, key=lambda r: r.entry_id)
    ordered.sort(key=key, reverse=True)
    ranked: list[Ranked] = []
    for position, result in enumerate(ordered, start=1):
        if ranked and key(ranked[-1].result) == key(result):
            ranked.append(Ranked(rank=ranked[-1].rank, result=result))
        else:
            ranked.append(Ranked(rank=position, result=result))
    return ranked


def outlier_judges(
    totals: Mapping[int, Decimal], *, max_total: Decimal, share: Decimal = OUTLIER_SHARE
) -> set[int]:
    """The judges (by id) whose total for an entry differs from the mean of the other judges' totals by more than
    `share` of the sheet's maximum (default 15 %). One judge alone is never flagged."""
    if len(totals) < 2:
        return set()
    limit = share * max_total
    grand = sum(totals.values(), Decimal(0))
    others_count = len(totals) - 1
    return {
        judge_id for judge_id, total in totals.items() if abs(total - (grand - total) / others_count) > limit
    }


@dataclass(frozen=True)
class AssessmentGap:
    criterion: str
    self_points: Decimal
    assessor_points: Decimal

    @property
    def difference(self) -> Decimal:
        return self.self_points - self.assessor_points


def assessment_gaps(
    self_points: Mapping[str, Decimal],
    assessor_points: Mapping[str, Decimal],
    criteria: Sequence[CriterionRule],
    *,
    share: Decimal = GAP_SHARE,
) -> list[AssessmentGap]:
    """自评与评估: the criteria where the entrant's own score and the assessor's differ by more than `share` of the
    criterion's maximum (a veto item whenever they differ), in the criteria's order. A criterion missing on
    either side is not compared."""
    gaps: list[AssessmentGap] = []
    for rule in criteria:
        if rule.name not in self_points or rule.name not in assessor_points:
            continue
        own, assessed = self_points[rule.name], assessor_points[rule.name]
        limit = Decimal(0) if rule.is_veto else share * rule.max_points
        if abs(own - assessed) > limit:
            gaps.append(AssessmentGap(rule.name, own, assessed))
    return gaps
