"""How a target union's scores add up: each score's final points (a 复核 adjustment kept, else the automatic points
or the assessors' mean), the veto verdicts, dimension caps, the totals (自评 / 考核 / final), the grade, and the
round's ranking overall and among peers. Pure bookkeeping over rows already scored: `computing.round_compute` fills
the automatic values, the assessing part the self and assessor points; both end here.

Everything is done for a list of targets at once (`targets_refresh`), in a constant number of queries; the single
`target_refresh` is the same for one. A frozen round is never refreshed: its values stay as they were.

Only rows whose figures moved are written, through `rows_update`: one UPDATE per distinct set of new values (`…
WHERE id IN (…)`), not Django's `bulk_update`, whose CASE WHEN per row and field cost ~0.35 ms of Python per cell
(a round's first computation wrote 2,600 scores × 9 fields that way)."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from . import rules
from .choices import RoundStatus
from .models import EvaluationRound, RoundTarget, Score

FROZEN_MESSAGE = "考核已定档，得分、等级和排名不再变化"

REFRESHED_FIELDS = ["self_total", "assessor_total", "total", "vetoed", "grade", "updated_at"]
UPDATE_BATCH = 500


def rows_update[M: models.Model](model: type[M], rows: Iterable[M], fields: Sequence[str]) -> None:
    """Write `fields` of `rows` (already changed in memory): the rows grouped by their values, one
    `UPDATE … SET … WHERE id IN (…)` per group (of at most 500 ids). No signals, no `auto_now`: as `bulk_update`."""
    groups: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for row in rows:
        groups[tuple(getattr(row, name) for name in fields)].append(row.pk)
    for values, pks in groups.items():
        changes = dict(zip(fields, values, strict=True))
        for start in range(0, len(pks), UPDATE_BATCH):
            model._default_manager.filter(pk__in=pks[start : start + UPDATE_BATCH]).update(**changes)


def refuse_frozen(round_: EvaluationRound) -> None:
    """A ValidationError when the round is frozen (定档): nothing recomputes after it."""
    if round_.status == RoundStatus.FROZEN or round_.frozen_at is not None:
        raise ValidationError(FROZEN_MESSAGE)


def final_points_of(score: Score) -> Decimal | None:
    """What counts for a score: the points set in 复核 when adjusted, else the automatic points, else the
    assessors' 考核分 (None while nobody has scored it)."""
    if score.adjusted:
        return score.final_points
    if score.indicator.is_auto:
        return score.computed_points
    return score.assessor_points


def _bands(round_: EvaluationRound) -> list[tuple[Decimal, str]]:
    return [(Decimal(str(lowest)), str(grade)) for lowest, grade in round_.scheme.grade_bands]


def _capped_total(
    scores: Iterable[Score], pick: Callable[[Score], Decimal | None], caps: dict[int, Decimal | None]
) -> Decimal | None:
    """The sum over dimensions of each dimension's points (capped); None when `pick` gives nothing at all."""
    by_dimension: dict[int, list[Decimal]] = defaultdict(list)
    any_given = False
    for score in scores:
        points = pick(score)
        if points is not None:
            any_given = True
        by_dimension[score.indicator.dimension_id].append(points or Decimal(0))
    if not any_given:
        return None
    return rules.quantize(
        sum(
            (rules.dimension_total(points, caps.get(dim_id)) for dim_id, points in by_dimension.items()),
            Decimal(0),
        )
    )


def _self_pick(score: Score) -> Decimal | None:
    return score.computed_points if score.indicator.is_auto else score.self_points


def _assessor_pick(score: Score) -> Decimal | None:
    return score.computed_points if score.indicator.is_auto else score.assessor_points


def _final_pick(score: Score) -> Decimal | None:
    return score.final_points


def _refresh_one(
    target: RoundTarget,
    scores: Sequence[Score],
    caps: dict[int, Decimal | None],
    bands: list[tuple[Decimal, str]],
    veto_grade: str,
) -> list[Score]:
    """Set the target's figures from its scores (in memory); returns the scores whose final points changed."""
    changed: list[Score] = []
    for score in scores:
        final = final_points_of(score)
        if final != score.final_points:
            score.final_points = final
            changed.append(score)
    manual = [s for s in scores if not s.indicator.is_auto]
    target.self_total = (
        _capped_total(scores, _self_pick, caps)
        if any(s.self_points is not None for s in manual) or not manual
        else None
    )
    target.assessor_total = (
        _capped_total(scores, _assessor_pick, caps)
        if any(s.assessor_points is not None for s in manual) or not manual
        else None
    )
    if not scores or all(s.final_points is None for s in scores):
        target.total = None
        target.vetoed = any(s.indicator.is_veto and s.passed is False for s in scores)
        target.grade = ""
        return changed
    target.total = _capped_total(scores, _final_pick, caps) or Decimal(0)
    target.vetoed = any(s.indicator.is_veto and s.passed is False for s in scores)
    target.grade = rules.grade_for(target.total, bands, vetoed=target.vetoed, veto_grade=veto_grade)
    return changed


def targets_refresh(
    round_: EvaluationRound, targets: Sequence[RoundTarget] | None = None
) -> list[RoundTarget]:
    """Refresh `targets` (all the round's when None) in a constant number of queries; refuses a frozen round."""
    refuse_frozen(round_)
    if targets is None:
        targets = list(RoundTarget.objects.filter(round=round_).select_related("org"))
    if not targets:
        return []
    bands = _bands(round_)
    by_target: dict[int, list[Score]] = defaultdict(list)
    caps: dict[int, Decimal | None] = {}
    for score in (
        Score.objects.filter(target_id__in=[t.pk for t in targets])
        .select_related("indicator__dimension")
        .order_by("target_id", "indicator__dimension__order", "indicator__order", "pk")
    ):
        by_target[score.target_id].append(score)
        caps[score.indicator.dimension_id] = score.indicator.dimension.points
    changed: list[Score] = []
    moved: list[RoundTarget] = []
    now = timezone.now()
    for target in targets:
        before = _figures(target)
        changed += _refresh_one(target, by_target.get(target.pk, []), caps, bands, round_.scheme.veto_grade)
        if _figures(target) != before:
            target.updated_at = now
            moved.append(target)
    # only what moved is written
    rows_update(Score, changed, ["final_points"])
    rows_update(RoundTarget, moved, REFRESHED_FIELDS)
    return list(targets)


def _figures(target: RoundTarget) -> tuple[object, ...]:
    return tuple(getattr(target, name) for name in REFRESHED_FIELDS[:-1])


def target_refresh(target: RoundTarget) -> RoundTarget:
    """One target's final points per score, veto verdict, totals and grade, saved; refuses a frozen round. Does
    not re-rank: call `round_rank` when a ranking should follow."""
    targets_refresh(target.round, [target])
    return target


def round_rank(round_: EvaluationRound) -> None:
    """Rank the round's targets by total (1, 1, 3 …) overall and within their `peer_group`; targets without a
    total get no rank. Refuses a frozen round."""
    refuse_frozen(round_)
    targets = list(RoundTarget.objects.filter(round=round_))
    scored = {t.pk: t.total for t in targets if t.total is not None}
    ranks = rules.rank_totals(scored)
    groups: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for target in targets:
        if target.total is not None:
            groups[target.peer_group][target.pk] = target.total
    peer_ranks: dict[int, int] = {}
    for totals in groups.values():
        peer_ranks.update(rules.rank_totals(totals))
    now = timezone.now()
    moved: list[RoundTarget] = []
    for target in targets:
        rank, peer_rank = ranks.get(target.pk), peer_ranks.get(target.pk)
        if (rank, peer_rank) != (target.rank, target.peer_rank):
            target.rank, target.peer_rank, target.updated_at = rank, peer_rank, now
            moved.append(target)
    rows_update(RoundTarget, moved, ["rank", "peer_rank", "updated_at"])
