"""重新取数计分: a round's automatic indicators read from the platform's records through the registered
IndicatorSources (core.registry.indicator_sources), as of the round's period end, scored by their rules, then every
target's totals, grade and rank refreshed (scoring.py). Each source is asked once for all the target unions, so the
number of queries does not grow with the number of targets. A frozen round is refused: its values stay."""

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
COMPUTED_FIELDS = [
    "value",
    "numerator",
    "denominator",
    "value_detail",
    "records_url",
    "computed_points",
    "explanation",
    "passed",
    "updated_at",
]


def _places(value: Decimal | None, places: Decimal) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(places)


def scores_ensure(round_: EvaluationRound, targets: list[RoundTarget], indicators: list[Indicator]) -> None:
    """Create the missing Score rows, one per target × indicator (bulk)."""
    have = set(Score.objects.filter(target__round=round_).values_list("target_id", "indicator_id"))
    missing = [
        Score(target=target, indicator=indicator)
        for target in targets
        for indicator in indicators
        if (target.pk, indicator.pk) not in have
    ]
    Score.objects.bulk_create(missing, batch_size=500)


def _state(score: Score) -> tuple[Any, ...]:
    return tuple(getattr(score, name) for name in COMPUTED_FIELDS[:-1])


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
        scores_ensure(round_, targets, indicators)
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
        by_pk = {i.pk: i for i in automatic}
        changed: list[Score] = []
        for score in Score.objects.filter(target__round=round_, indicator_id__in=list(by_pk)).select_related(
            "target"
        ):
            indicator = by_pk[score.indicator_id]
            source_values = values[indicator.source_key]
            found = (
                None
                if source_values is None
                else source_values.get(score.target.org_id, IndicatorValue(value=None))
            )
            before = _state(score)
            _apply(score, indicator, found, now)
            if _state(score) != before:
                changed.append(score)
        # only the scores whose value or points moved are written (in batches); every one is stamped as read now
        Score.objects.bulk_update(changed, COMPUTED_FIELDS, batch_size=500)
        Score.objects.filter(target__round=round_, indicator_id__in=list(by_pk)).update(computed_at=now)
        round_.computed_at = now
        round_.save(update_fields=["computed_at", "updated_at"])
        scoring.targets_refresh(round_, targets)
        scoring.round_rank(round_)
        if actor is not None:
            timeline_step(
                subject=round_,
                actor=actor,
                action=EvaluationAction.COMPUTE,
                note=f"{period.label}，{len(targets)} 个单位、{len(automatic)} 项自动指标",
            )
    return len(targets)
