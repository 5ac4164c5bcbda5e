"""重新取数计分: a round's automatic indicators read from the platform's records through the registered
IndicatorSources (core.registry.indicator_sources), as of the round's period end, scored by their rules, then every
target's totals, grade and rank refreshed (scoring.py). Each source is asked once for all the target unions, so the
number of queries does not grow with the number of targets. A frozen round is refused: its values stay.

The missing Score rows (a round's first computation) are inserted with their computed values and the points that
count in one `bulk_create`; of the rows there were, only the automatic ones whose values moved are written, and
only the targets whose scores were made or moved are refreshed."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.core.registry import IndicatorValue, Period, indicator_sources

from . import rules, scoring
from .choices import EvaluationAction
from .events import timeline_step
from .models import EvaluationRound, Indicator, RoundTarget, Score

VALUE_PLACES = Decimal("0.0001")
NO_SOURCE = "数据来源未注册（{key}），无法取数，得 0 分"
STATE_FIELDS = [  # what a computation sets on an automatic score (the points that count follow the points)
    "value",
    "numerator",
    "denominator",
    "value_detail",
    "records_url",
    "computed_points",
    "explanation",
    "passed",
    "final_points",
]


def _places(value: Decimal | None, places: Decimal) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(places)


def _state(score: Score) -> tuple[Any, ...]:
    return tuple(getattr(score, name) for name in STATE_FIELDS)


def _found(
    values: dict[str, dict[int, IndicatorValue] | None], indicator: Indicator, target: RoundTarget
) -> IndicatorValue | None:
    """What the indicator's source gave for the target's union (an empty value when it gave none; None when the
    source is not registered)."""
    source_values = values[indicator.source_key]
    return None if source_values is None else source_values.get(target.org_id, IndicatorValue(value=None))


def _apply(score: Score, indicator: Indicator, found: IndicatorValue | None, now: Any) -> None:
    score.updated_at = now
    if found is None:
        score.value = score.numerator = score.denominator = None
        score.value_detail = score.records_url = ""
        score.computed_points = Decimal(0)
        score.explanation = NO_SOURCE.format(key=indicator.source_key)[:300]
        score.passed = False if indicator.is_veto else None
        return
    outcome = rules.score(
        indicator.rule, indicator.params, indicator.points, found.value, label=indicator.name
    )
    score.value = _places(found.value, VALUE_PLACES)
    score.numerator = _places(found.numerator, rules.CENT)
    score.denominator = _places(found.denominator, rules.CENT)
    score.value_detail = found.detail[:300]
    score.records_url = found.url[:500]
    score.computed_points = outcome.points
    score.explanation = outcome.explanation[:300]
    score.passed = outcome.passed if indicator.is_veto else None


def round_compute(round_: EvaluationRound, *, actor: Any) -> int:
    """Recompute the round's automatic scores for all targets and refresh totals, grades and ranks; returns the
    number of target unions computed. Refused (ValidationError) once the round is frozen. `actor` None: a
    scheduled or seeding run (no timeline step)."""
    scoring.refuse_frozen(round_)
    period = Period(round_.period_start, round_.period_end)
    with transaction.atomic():
        targets = list(RoundTarget.objects.filter(round=round_).select_related("org"))
        indicators = list(Indicator.objects.filter(scheme_id=round_.scheme_id))
        automatic = [i for i in indicators if i.is_auto]
        orgs = [t.org for t in targets]
        values: dict[str, dict[int, IndicatorValue] | None] = {}
        for indicator in automatic:
            key = indicator.source_key
            if key not in values:
                values[key] = (
                    dict(indicator_sources.get(key).values_for(orgs, period))
                    if key in indicator_sources and orgs
                    else None
                )
        now = timezone.now()
        have = {
            (s.target_id, s.indicator_id): s for s in Score.objects.filter(target__round=round_).order_by()
        }
        made: list[Score] = []
        changed: list[Score] = []
        moved_fields: set[str] = set()
        for target in targets:
            for indicator in indicators:
                score = have.get((target.pk, indicator.pk))
                if score is None:
                    # a missing score is made with its computed values (and the points that count) in one insert
                    score = Score(target=target, indicator=indicator)
                    if indicator.is_auto:
                        _apply(score, indicator, _found(values, indicator, target), now)
                        score.computed_at = now
                    score.final_points = scoring.final_points_of(score)
                    made.append(score)
                elif indicator.is_auto:
                    before = _state(score)
                    _apply(score, indicator, _found(values, indicator, target), now)
                    score.indicator = indicator
                    score.final_points = scoring.final_points_of(
                        score
                    )  # written with them, not by the refresh
                    moved = [
                        name
                        for name, old in zip(STATE_FIELDS, before, strict=True)
                        if getattr(score, name) != old
                    ]
                    if moved:
                        changed.append(score)
                        moved_fields.update(moved)
        Score.objects.bulk_create(made, batch_size=500)
        # of the scores there were, only those whose value or points moved are written, and only the fields that
        # moved (scoring.rows_update); every automatic one is stamped as read now
        if changed:
            fields = [name for name in STATE_FIELDS if name in moved_fields]
            scoring.rows_update(Score, changed, [*fields, "updated_at"])
        Score.objects.filter(target__round=round_, indicator_id__in=[i.pk for i in automatic]).update(
            computed_at=now
        )
        round_.computed_at = now
        round_.save(update_fields=["computed_at", "updated_at"])
        scoring.targets_refresh(round_, targets)  # every target: writes only those whose figures moved
        scoring.round_rank(round_)
        if actor is not None:
            timeline_step(
                subject=round_,
                actor=actor,
                action=EvaluationAction.COMPUTE,
                note=f"{period.label}，{len(targets)} 个单位、{len(automatic)} 项自动指标",
            )
    return len(targets)
