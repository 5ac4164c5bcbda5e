"""Reads of 自评 and 考核评分. A target union's 自评 page and an assessor's 考核 page show the same rows: per dimension,
each indicator of the round's scheme with its Score (automatic value and points, self points and note, assessors'
mean), its evidence and, for a manual indicator, the criterion of the round's reviews template it is scored on
(named `criterion_name(indicator)`) and what the reviews self sheet and the assessor's own sheet hold for it.
Targets are reached only through `RoundTarget.objects.visible_to`; an assessor reaches a target through their own
`reviews.Judge` row of the round's review round and `reviews.selectors.entries_for_judge` (conflicts never shown)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import ScopedQuerySet, scope_q
from gonghui.attachments.models import Attachment
from gonghui.reviews.choices import SheetStatus
from gonghui.reviews.models import Criterion, Judge, ReviewEntry, ScoreSheet
from gonghui.reviews.models import Score as SheetScore
from gonghui.reviews.selectors import entries_for_judge

from ..choices import RoundStatus
from ..models import EvaluationRound, Indicator, RoundTarget, Score
from ..permissions import MANAGE, VIEW


def criterion_name(indicator: Indicator) -> str:
    """The name of the reviews criterion a manual indicator is scored on (the rounds part makes the template)."""
    return f"{indicator.number} {indicator.name}".strip()


def indicator_label(indicator: Indicator) -> str:
    return f"「{criterion_name(indicator)}」"


def _target_qs() -> ScopedQuerySet[RoundTarget]:
    return RoundTarget.objects.select_related(
        "org", "round", "round__org", "round__scheme", "round__review_round"
    )


def target_visible_or_404(user: Actor, public_id: Any) -> RoundTarget:
    """A target the user sees for `evaluations.view` (its own union, the unions above it), else 404."""
    return _target_qs().get_visible_or_404(user, VIEW, public_id=public_id)


def target_visible(user: Actor, public_id: Any) -> RoundTarget | None:
    return _target_qs().visible_to(user, VIEW).filter(public_id=public_id).first()


def self_targets_for_user(user: Actor, *, query: str = "") -> ScopedQuerySet[RoundTarget]:
    """本单位自评: the targets whose union the user manages, in rounds that have started, except those of rounds the
    user's own union runs (the organiser follows them on the round's page), newest round first."""
    qs = (
        _target_qs()
        .visible_to(user, MANAGE)
        .exclude(round__status=RoundStatus.DRAFT)
        .exclude(scope_q(user, MANAGE, path_field="round__org__path"))
        .order_by("-round__period_end", "-round__created_at", "org__path", "pk")
    )
    if query.strip():
        qs = qs.filter(Q(round__title__icontains=query.strip()) | Q(org__name__icontains=query.strip()))
    return qs


def review_entry_of(target: RoundTarget) -> ReviewEntry | None:
    """The reviews entry of a target (owner: the target) in its round's review round; None before 自评 opens."""
    if target.round.review_round_id is None:
        return None
    return (
        ReviewEntry.objects.filter(
            round_id=target.round.review_round_id,
            owner_type=ContentType.objects.get_for_model(RoundTarget),
            owner_id=target.pk,
        )
        .select_related("round", "entrant_org")
        .first()
    )


def criteria_by_name(round_: EvaluationRound) -> dict[str, Criterion]:
    if round_.review_round_id is None:
        return {}
    return {
        c.name: c
        for c in Criterion.objects.filter(template__rounds__pk=round_.review_round_id).order_by("order")
    }


def sheet_points(sheet: ScoreSheet | None) -> dict[int, SheetScore]:
    """The scores of a reviews sheet by criterion id (empty for no sheet)."""
    if sheet is None:
        return {}
    return {s.criterion_id: s for s in SheetScore.objects.filter(sheet=sheet)}


def self_sheet(entry: ReviewEntry | None) -> ScoreSheet | None:
    if entry is None:
        return None
    return ScoreSheet.objects.filter(entry=entry, is_self=True).first()


def evidence_by_score(scores: Sequence[Score]) -> dict[int, list[Attachment]]:
    """The evidence files of these scores (attachments owned by each Score), in one query."""
    found: dict[int, list[Attachment]] = defaultdict(list)
    if not scores:
        return found
    content_type = ContentType.objects.get_for_model(Score)
    for attachment in Attachment.objects.filter(
        content_type=content_type, object_id__in=[str(s.pk) for s in scores]
    ).order_by("created_at", "id"):
        found[int(attachment.object_id)].append(attachment)
    return found


@dataclass
class IndicatorRow:
    """One indicator of a target's page: its Score (None before the round made it), its evidence, the criterion of
    the reviews template (manual only), and what the self sheet and this assessor's sheet say for it."""

    indicator: Indicator
    score: Score | None
    evidence: list[Attachment] = field(default_factory=list)
    criterion: Criterion | None = None
    self_given: SheetScore | None = None
    mine: SheetScore | None = None

    @property
    def is_manual(self) -> bool:
        return not self.indicator.is_auto

    @property
    def self_passed(self) -> bool | None:
        """The union's own 达标 / 不达标 on a veto item (None: not given, or not a veto item)."""
        return passed_of(self.indicator, self.criterion, self.self_given)

    @property
    def my_passed(self) -> bool | None:
        return passed_of(self.indicator, self.criterion, self.mine)


def passed_of(indicator: Indicator, criterion: Criterion | None, given: SheetScore | None) -> bool | None:
    """达标 read back from a sheet's points on a manual veto item: a veto criterion ticks 1 for 不达标; a scored one
    gives the full points for 达标 and 0 for 不达标."""
    if not indicator.is_veto or given is None or criterion is None:
        return None
    if criterion.is_veto:
        return given.points == 0
    return given.points >= criterion.max_points


@dataclass
class DimensionRows:
    name: str
    cap: Decimal | None
    rows: list[IndicatorRow]


def target_rows(
    target: RoundTarget, *, entry: ReviewEntry | None, own_sheet: ScoreSheet | None = None
) -> list[DimensionRows]:
    """The target's indicators by dimension with scores, evidence, criteria, the self sheet's and (when given)
    the assessor's own sheet's points; a constant number of queries."""
    indicators = list(
        Indicator.objects.filter(scheme_id=target.round.scheme_id)
        .select_related("dimension")
        .order_by("dimension__order", "dimension_id", "order", "pk")
    )
    scores = {s.indicator_id: s for s in Score.objects.filter(target=target)}
    evidence = evidence_by_score(list(scores.values()))
    criteria = criteria_by_name(target.round)
    own = sheet_points(self_sheet(entry))
    mine = sheet_points(own_sheet)
    dimensions: dict[int, DimensionRows] = {}
    for indicator in indicators:
        score = scores.get(indicator.pk)
        criterion = None if indicator.is_auto else criteria.get(criterion_name(indicator))
        group = dimensions.setdefault(
            indicator.dimension_id,
            DimensionRows(name=indicator.dimension.name, cap=indicator.dimension.points, rows=[]),
        )
        group.rows.append(
            IndicatorRow(
                indicator=indicator,
                score=score,
                evidence=evidence.get(score.pk, []) if score else [],
                criterion=criterion,
                self_given=own.get(criterion.pk) if criterion else None,
                mine=mine.get(criterion.pk) if criterion else None,
            )
        )
    return list(dimensions.values())


def manual_rows(dimensions: Sequence[DimensionRows]) -> list[IndicatorRow]:
    return [row for group in dimensions for row in group.rows if row.is_manual]


# ---- assessors ------------------------------------------------------------------------------------------


def _evaluation_round_type() -> ContentType:
    return ContentType.objects.get_for_model(EvaluationRound)


def judge_rows_for_user(user: Actor) -> list[Judge]:
    """The user's own judge rows in review rounds owned by a 量化评价 round (考核人), newest first."""
    return list(
        Judge.objects.filter(user_id=user.pk, round__owner_type=_evaluation_round_type())
        .select_related("user", "round")
        .order_by("-round__created_at", "pk")
    )


@dataclass(frozen=True)
class AssessRow:
    """One target an assessor scores: the target (with round and union), the judge row and the assessor's sheet."""

    target: RoundTarget
    judge: Judge
    sheet: ScoreSheet | None

    @property
    def is_open(self) -> bool:
        return self.target.round.status == RoundStatus.ASSESSMENT


def assess_rows_for_user(user: Actor, *, query: str = "", pending_only: bool = False) -> list[AssessRow]:
    """待我考核评分: every target of a 量化评价 round (in 考核 or later) the user scores as a judge, with their sheet;
    one query per round judged plus three."""
    judges = judge_rows_for_user(user)
    if not judges:
        return []
    entry_ids: dict[int, Judge] = {}
    for judge in judges:
        for entry in entries_for_judge(judge):
            entry_ids[entry.pk] = judge
    entries = ReviewEntry.objects.filter(pk__in=list(entry_ids)).only("pk", "owner_id")
    target_of_entry = {entry.pk: entry.owner_id for entry in entries}
    targets = {
        t.pk: t
        for t in _target_qs()
        .filter(pk__in=set(target_of_entry.values()))
        .exclude(round__status__in=(RoundStatus.DRAFT, RoundStatus.SELF_ASSESSMENT))
        .order_by("-round__period_end", "org__path")
    }
    if query.strip():
        wanted = set(
            RoundTarget.objects.filter(pk__in=list(targets))
            .filter(Q(round__title__icontains=query.strip()) | Q(org__name__icontains=query.strip()))
            .values_list("pk", flat=True)
        )
        targets = {pk: t for pk, t in targets.items() if pk in wanted}
    sheets = {
        (s.judge_id, s.entry_id): s
        for s in ScoreSheet.objects.filter(judge__in=judges, entry_id__in=list(entry_ids), is_self=False)
    }
    rows: list[AssessRow] = []
    for entry_id, judge in entry_ids.items():
        target = targets.get(target_of_entry.get(entry_id, 0) or 0)
        if target is None:
            continue
        sheet = sheets.get((judge.pk, entry_id))
        done = sheet is not None and sheet.status == SheetStatus.SUBMITTED
        if pending_only and (done or target.round.status != RoundStatus.ASSESSMENT):
            continue
        rows.append(AssessRow(target=target, judge=judge, sheet=sheet))
    rows.sort(key=lambda r: (-r.target.round.period_end.toordinal(), -r.target.round.pk, r.target.org.path))
    return rows


def assessments_left(user: Actor) -> int:
    """Targets of rounds in 考核 the user still has to score (the home page's 待考核评分)."""
    return len(assess_rows_for_user(user, pending_only=True))


def judge_for_target(user: Actor, target: RoundTarget) -> tuple[Judge, ReviewEntry] | None:
    """The user's judge row of the target's review round and the target's entry, when the judge sees it."""
    if target.round.review_round_id is None:
        return None
    entry = review_entry_of(target)
    if entry is None:
        return None
    for judge in Judge.objects.filter(user_id=user.pk, round_id=target.round.review_round_id).select_related(
        "user", "round"
    ):
        if entries_for_judge(judge).filter(pk=entry.pk).exists():
            return judge, entry
    return None


def target_for_assessor(user: Actor, public_id: Any) -> tuple[RoundTarget, Judge, ReviewEntry] | None:
    """A target the user scores as an assessor, with their judge row and the target's entry; None otherwise. Reached
    through the user's own `Judge` rows (an assessor may sit outside the target's tree), never `visible_to`."""
    judged = Judge.objects.filter(user_id=user.pk).values("round_id")
    target = _target_qs().filter(public_id=public_id, round__review_round__in=judged).first()
    if target is None:
        return None
    found = judge_for_target(user, target)
    return None if found is None else (target, found[0], found[1])


def assessor_sheet(judge: Judge, entry: ReviewEntry) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(judge=judge, entry=entry).first()


def submitted_assessor_scores(entry: ReviewEntry) -> dict[int, list[SheetScore]]:
    """The assessors' submitted scores of an entry by criterion id (self sheets aside)."""
    found: dict[int, list[SheetScore]] = defaultdict(list)
    for score in SheetScore.objects.filter(
        sheet__entry=entry, sheet__is_self=False, sheet__status=SheetStatus.SUBMITTED
    ).order_by("sheet__judge_id"):
        found[score.criterion_id].append(score)
    return found


def score_evidence_access(user: Any, score: Score) -> bool:
    """The attachments' check for evidence owned by a Score ("evaluations.score"): whoever sees the score for
    `evaluations.view` (the target union, the unions above it, the auditor), and the round's assessors who see the
    target."""
    if not getattr(user, "is_authenticated", False):
        return False
    if Score.objects.visible_to(user, VIEW).filter(pk=score.pk).exists():
        return True
    target = _target_qs().get(pk=score.target_id)
    return judge_for_target(user, target) is not None
