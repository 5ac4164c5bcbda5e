"""Writes of 自评 and 考核评分, on the reviews block's 自评+考评 mode (the rounds part made the review round when 自评
opened: one criterion per manual indicator, one entry per target).

自评 (the target union, `evaluations.manage` on its union, while the round is in 自评 and its 自评 is not submitted):
`self_assessment_save` keeps each manual indicator's 自评分 (0 … points; a veto item 达标 / 不达标 — full points or
0), 自评说明 and new evidence files (attachments owned by the Score, every file checked before anything is written)
on the Scores and mirrors the points on the target's reviews self sheet; `self_assessment_submit` checks every
manual indicator is scored and its required evidence present, submits the self sheet, marks the target 已提交 and
refreshes its totals; `self_evidence_delete` removes one file. The round's union may send a submitted 自评 back
(`self_assessment_return`, a reason: the self sheet is reopened).

考核评分 (a `reviews.Judge` of the round's review round who sees the target, while the round is in 考核):
`assessment_save` writes the assessor's reviews sheet (考核分 per manual indicator, 达标 / 不达标 for a veto item, a
note); `assessment_submit` refuses a 考核分 that differs from the 自评分 by more than the review round's gap share of
the indicator's points (any different verdict on a veto item) without an explanation, submits the sheet, then
`target_assessment_sync` sets each Score's 考核分 to the mean of the submitted sheets, its gap flag and note and the
veto verdict (达标 only when every assessor found it so), and refreshes the target (`scoring.target_refresh`)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import attachment_check
from gonghui.attachments.services import attachment_save
from gonghui.core.audit import AuditContext
from gonghui.core.locking import lock
from gonghui.reviews import services as reviews
from gonghui.reviews.choices import SheetStatus
from gonghui.reviews.models import Criterion, Judge, ReviewEntry, ScoreSheet
from gonghui.reviews.models import Score as SheetScore
from gonghui.reviews.services import ScoreInput

from .. import rules, scoring
from ..choices import EvaluationAction, IndicatorKind, RoundStatus, SelfStatus
from ..events import timeline_step
from ..models import Indicator, RoundTarget, Score
from ..permissions import can_manage_for
from ..selectors.assessing import (
    assessor_sheet,
    criteria_by_name,
    criterion_name,
    evidence_by_score,
    indicator_label,
    judge_for_target,
    passed_of,
    review_entry_of,
    self_sheet,
    submitted_assessor_scores,
)

PLACES = Decimal("0.01")


@dataclass(frozen=True)
class ManualInput:
    """What a person enters for one manual indicator: points (None: left open), for a veto item the verdict
    (True 达标, False 不达标, None open) instead, and a note (自评说明 / 考核说明)."""

    points: Decimal | None = None
    passed: bool | None = None
    note: str = ""


def _locked_target(target: RoundTarget) -> RoundTarget:
    return lock(
        RoundTarget,
        pk=target.pk,
        related=("org", "round", "round__org", "round__scheme", "round__review_round"),
    )


def _manual_indicators(target: RoundTarget) -> list[Indicator]:
    return list(
        Indicator.objects.filter(scheme_id=target.round.scheme_id)
        .exclude(kind=IndicatorKind.AUTO)
        .order_by("dimension__order", "dimension_id", "order", "pk")
    )


def _criteria(target: RoundTarget, indicators: Sequence[Indicator]) -> dict[int, Criterion]:
    """Indicator id → its criterion of the round's reviews template; every manual indicator must have one."""
    by_name = criteria_by_name(target.round)
    found: dict[int, Criterion] = {}
    for indicator in indicators:
        criterion = by_name.get(criterion_name(indicator))
        if criterion is None:
            raise ValidationError(f"评分表缺少指标{indicator_label(indicator)}，请联系组织单位")
        found[indicator.pk] = criterion
    return found


def _entry(target: RoundTarget) -> ReviewEntry:
    entry = review_entry_of(target)
    if entry is None:
        raise ValidationError("本次考核尚未建立自评考评表，请联系组织单位")
    return entry


def _checked_points(indicator: Indicator, points: Decimal, field: str, what: str) -> Decimal:
    label = indicator_label(indicator)
    if not points.is_finite() or points < 0 or points > indicator.points:
        raise ValidationError({field: f"{label}的{what}须在 0 到 {rules.show(indicator.points)} 分之间"})
    if points != points.quantize(PLACES):
        raise ValidationError({field: f"{label}的{what}最多保留两位小数"})
    return points


def _sheet_points(indicator: Indicator, criterion: Criterion, given: ManualInput) -> Decimal | None:
    """The points a reviews sheet stores for what was entered (None: nothing entered): a veto criterion ticks 1 for
    不达标; a scored veto indicator takes its full points for 达标, 0 for 不达标."""
    if indicator.is_veto:
        if given.passed is None:
            return None
        if criterion.is_veto:
            return Decimal(0) if given.passed else Decimal(1)
        return criterion.max_points if given.passed else Decimal(0)
    return given.points


def _points_of(indicator: Indicator, criterion: Criterion, sheet_points: Decimal) -> Decimal:
    """The indicator's points a sheet's points stand for (a veto criterion's tick is worth no points)."""
    return Decimal(0) if criterion.is_veto else sheet_points


def _ensure_scores(target: RoundTarget, indicators: Sequence[Indicator]) -> dict[int, Score]:
    """The target's Score rows of these indicators, the missing ones made (the round usually made them)."""
    wanted = Score.objects.filter(
        target=target, indicator__in=indicators
    ).order_by()  # by id: no joins to order
    have = {s.indicator_id: s for s in wanted}
    missing = [Score(target=target, indicator=i) for i in indicators if i.pk not in have]
    if missing:
        Score.objects.bulk_create(missing)
        have = {s.indicator_id: s for s in wanted.all()}
    return have


# ---- 自评 -----------------------------------------------------------------------------------------------


def can_self_assess(actor: Actor, target: RoundTarget) -> bool:
    return can_manage_for(actor, target.org)


def self_editable(target: RoundTarget) -> bool:
    return target.round.status == RoundStatus.SELF_ASSESSMENT and target.self_status != SelfStatus.SUBMITTED


def _self_locked(target: RoundTarget, actor: Actor) -> RoundTarget:
    if not can_self_assess(actor, target):
        raise PermissionDenied("无权为该单位自评")
    locked = _locked_target(target)
    if locked.round.status != RoundStatus.SELF_ASSESSMENT:
        raise ValidationError("考核不在自评阶段，不能修改自评")
    if locked.self_status == SelfStatus.SUBMITTED:
        raise ValidationError("自评已提交，不能再修改；如需修改请联系组织单位退回")
    return locked


@transaction.atomic
def self_assessment_save(
    *,
    target: RoundTarget,
    actor: Actor,
    entries: Mapping[int, ManualInput],
    uploads: Mapping[int, Sequence[UploadedFile[bytes]]] | None = None,
) -> RoundTarget:
    """保存自评（草稿）: the entered indicators (by indicator id) and new evidence files per indicator."""
    locked = _self_locked(target, actor)
    indicators = {i.pk: i for i in _manual_indicators(locked)}
    criteria = _criteria(locked, list(indicators.values()))
    uploads = uploads or {}
    for indicator_id in [*entries, *uploads]:
        if indicator_id not in indicators:
            raise ValidationError("指标不属于本次考核的人工评分指标")
    for indicator_id, files in uploads.items():
        for upload in files:  # every file checked before anything is written
            try:
                attachment_check(upload)
            except ValidationError as error:
                label = indicator_label(indicators[indicator_id])
                raise ValidationError(
                    {
                        f"evidence_{indicator_id}": [
                            f"{label}佐证材料 {upload.name}：{m}" for m in error.messages
                        ]
                    }
                ) from None
    sheet_scores: dict[int, tuple[Decimal, str]] = {}
    cleaned: dict[int, tuple[Decimal | None, str]] = {}
    for indicator_id, given in entries.items():
        indicator, criterion = indicators[indicator_id], criteria[indicator_id]
        if given.points is not None and not indicator.is_veto:
            _checked_points(indicator, given.points, f"points_{indicator_id}", "自评分")
        points = _sheet_points(indicator, criterion, given)
        note = given.note.strip()
        if points is not None:
            sheet_scores[criterion.pk] = (points, note)
        cleaned[indicator_id] = (None if points is None else _points_of(indicator, criterion, points), note)
    scores = _ensure_scores(locked, list(indicators.values()))
    changed = []
    now = timezone.now()
    for indicator_id, (points, note) in cleaned.items():
        score = scores[indicator_id]
        if (score.self_points, score.self_note) != (points, note):
            score.self_points, score.self_note, score.updated_at = points, note, now
            changed.append(score)
    scoring.rows_update(Score, changed, ["self_points", "self_note", "updated_at"])
    entry = _entry(locked)
    reviews.self_sheet_save(entry=entry, actor=actor, scores=sheet_scores)
    for indicator_id, files in uploads.items():
        for upload in files:
            attachment_save(owner=scores[indicator_id], org=locked.org, upload=upload, actor=actor)
    scoring.target_refresh(locked)
    return locked


@transaction.atomic
def self_assessment_submit(*, target: RoundTarget, actor: Actor) -> RoundTarget:
    """提交自评: every manual indicator scored (a veto item 达标 / 不达标), every required evidence present; the
    reviews self sheet is submitted, the target marked 已提交 with the time, its totals refreshed."""
    locked = _self_locked(target, actor)
    indicators = _manual_indicators(locked)
    criteria = _criteria(locked, indicators)
    entry = _entry(locked)
    sheet = self_sheet(entry) or reviews.self_sheet_save(entry=entry, actor=actor, scores={})
    given = {s.criterion_id: s for s in SheetScore.objects.filter(sheet=sheet)}
    scores = _ensure_scores(locked, indicators)
    evidence = evidence_by_score(list(scores.values()))
    problems: dict[str, list[str]] = {}
    for indicator in indicators:
        label = indicator_label(indicator)
        if criteria[indicator.pk].pk not in given:
            what = "请选择达标或不达标" if indicator.is_veto else "请填写自评分"
            problems.setdefault(f"points_{indicator.pk}", []).append(f"{label}：{what}")
        if indicator.evidence_required and not evidence.get(scores[indicator.pk].pk):
            problems.setdefault(f"evidence_{indicator.pk}", []).append(f"{label}：须上传佐证材料")
    if problems:
        raise ValidationError(problems)
    reviews.self_sheet_submit(sheet=sheet, actor=actor)
    from_state = locked.self_status
    locked.self_status = SelfStatus.SUBMITTED
    locked.self_submitted_at = timezone.now()
    locked.save(update_fields=["self_status", "self_submitted_at", "updated_at"])
    timeline_step(
        subject=locked,
        actor=actor,
        action=EvaluationAction.SELF_SUBMIT,
        from_state=str(from_state),
        to_state=str(locked.self_status),
    )
    scoring.target_refresh(locked)
    return locked


@transaction.atomic
def self_evidence_delete(*, target: RoundTarget, attachment: Attachment, actor: Actor) -> None:
    """Remove one evidence file of the target's editable 自评."""
    locked = _self_locked(target, actor)
    owned = Attachment.objects.filter(
        pk=attachment.pk,
        content_type=ContentType.objects.get_for_model(Score),
        object_id__in=[str(pk) for pk in Score.objects.filter(target=locked).values_list("pk", flat=True)],
    ).first()
    if owned is None:
        raise ValidationError("该文件不是本单位自评的佐证材料")
    file = owned.file
    owned.delete()
    transaction.on_commit(lambda: file.delete(save=False))


def can_return_self(actor: Actor, target: RoundTarget) -> bool:
    return can_manage_for(actor, target.round.org)


@transaction.atomic
def self_assessment_return(
    *, target: RoundTarget, reason: str, actor: Actor, context: AuditContext | None = None
) -> RoundTarget:
    """退回自评: the round's union sends a submitted 自评 back during 自评 with a reason; the self sheet reopens."""
    if not can_return_self(actor, target):
        raise PermissionDenied("只有组织考核的工会可以退回自评")
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回原因"})
    locked = _locked_target(target)
    if locked.round.status != RoundStatus.SELF_ASSESSMENT:
        raise ValidationError("考核不在自评阶段，不能退回自评")
    if locked.self_status != SelfStatus.SUBMITTED:
        raise ValidationError("只能退回已提交的自评")
    sheet = self_sheet(_entry(locked))
    if sheet is not None and sheet.status == SheetStatus.SUBMITTED:
        reviews.sheet_reopen(sheet=sheet, reason=reason, actor=actor, context=context)
    locked.self_status = SelfStatus.RETURNED
    locked.save(update_fields=["self_status", "updated_at"])
    timeline_step(
        subject=locked,
        actor=actor,
        action=EvaluationAction.SELF_RETURN,
        from_state=str(SelfStatus.SUBMITTED),
        to_state=str(SelfStatus.RETURNED),
        note=reason.strip(),
    )
    return locked


# ---- 考核评分 --------------------------------------------------------------------------------------------


def gap_limit(indicator: Indicator, share: Decimal) -> Decimal:
    """How far a 考核分 may lie from the 自评分 unexplained: the share of the indicator's points (0 for a veto item)."""
    return Decimal(0) if indicator.is_veto else rules.quantize(share * indicator.points)


def gap_exceeded(
    indicator: Indicator, share: Decimal, *, self_points: Decimal | None, points: Decimal | None
) -> bool:
    if self_points is None or points is None:
        return False
    return abs(points - self_points) > gap_limit(indicator, share)


def _assessor(target: RoundTarget, actor: Actor) -> tuple[RoundTarget, Judge, ReviewEntry]:
    found = judge_for_target(actor, target)
    if found is None:
        raise PermissionDenied("您不是该单位的考核人")
    judge, entry = found
    locked = _locked_target(target)
    if locked.round.status != RoundStatus.ASSESSMENT:
        raise ValidationError("考核不在考核评分阶段，不能评分")
    return locked, judge, entry


@transaction.atomic
def assessment_save(*, target: RoundTarget, actor: Actor, entries: Mapping[int, ManualInput]) -> ScoreSheet:
    """保存考核评分（草稿）on the assessor's reviews sheet; points 0 … the indicator's points, errors name it."""
    locked, judge, entry = _assessor(target, actor)
    indicators = {i.pk: i for i in _manual_indicators(locked)}
    criteria = _criteria(locked, list(indicators.values()))
    scores: dict[int, ScoreInput] = {}
    for indicator_id, given in entries.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise ValidationError("指标不属于本次考核的人工评分指标")
        if given.points is not None and not indicator.is_veto:
            _checked_points(indicator, given.points, f"points_{indicator_id}", "考核分")
        points = _sheet_points(indicator, criteria[indicator_id], given)
        if points is not None:
            scores[criteria[indicator_id].pk] = ScoreInput(points, given.note.strip())
    return reviews.sheet_save(judge=judge, entry=entry, scores=scores, actor=actor)


@transaction.atomic
def assessment_submit(*, target: RoundTarget, actor: Actor) -> RoundTarget:
    """提交考核评分: every manual indicator scored; a gap beyond the share explained; the sheet submitted, then the
    target's 考核分 synced and refreshed."""
    locked, judge, entry = _assessor(target, actor)
    sheet = assessor_sheet(judge, entry)
    if sheet is None:
        raise ValidationError("请先为各项指标评分")
    indicators = _manual_indicators(locked)
    criteria = _criteria(locked, indicators)
    share = _gap_share(locked)
    mine = {s.criterion_id: s for s in SheetScore.objects.filter(sheet=sheet)}
    selfs = _ensure_scores(locked, indicators)
    own = _self_scores(locked, entry)
    problems: dict[str, list[str]] = {}
    for indicator in indicators:
        criterion = criteria[indicator.pk]
        given = mine.get(criterion.pk)
        label = indicator_label(indicator)
        if given is None:
            what = "请选择达标或不达标" if indicator.is_veto else "请填写考核分"
            problems.setdefault(f"points_{indicator.pk}", []).append(f"{label}：{what}")
            continue
        if indicator.is_veto:
            theirs = passed_of(indicator, criterion, own.get(criterion.pk))
            flagged = theirs is not None and theirs != passed_of(indicator, criterion, given)
        else:
            score = selfs.get(indicator.pk)
            self_points = score.self_points if score is not None and own else None
            flagged = gap_exceeded(indicator, share, self_points=self_points, points=given.points)
        if flagged and not given.comment.strip():
            problems.setdefault(f"note_{indicator.pk}", []).append(
                f"{label}：考核结果与自评相差超过 {rules.show(gap_limit(indicator, share))} 分，请在考核说明中写明差异原因"
                if not indicator.is_veto
                else f"{label}：考核结论与自评不一致，请在考核说明中写明原因"
            )
    if problems:
        raise ValidationError(problems)
    reviews.sheet_submit(sheet=sheet, actor=actor)
    _assessment_sync(locked, indicators, criteria, entry, own, selfs)
    timeline_step(
        subject=locked, actor=actor, action=EvaluationAction.ASSESS, note=f"提交考核评分（{actor}）"
    )
    return locked


def _self_scores(target: RoundTarget, entry: ReviewEntry) -> dict[int, SheetScore]:
    """The submitted self sheet's scores by criterion id (empty while the 自评 is not submitted)."""
    if target.self_status != SelfStatus.SUBMITTED:
        return {}
    sheet = self_sheet(entry)
    return {s.criterion_id: s for s in SheetScore.objects.filter(sheet=sheet)} if sheet else {}


def _gap_share(target: RoundTarget) -> Decimal:
    return Decimal(target.round.review_round.gap_share) if target.round.review_round else Decimal(0)


def target_assessment_sync(target: RoundTarget) -> RoundTarget:
    """Each manual Score from the assessors' submitted sheets: 考核分 the mean (None before any), the gap flag
    against the submitted 自评分 and the assessors' explanations, the veto verdict (达标 only when every assessor
    found it so); then the target's totals and grade (`scoring.target_refresh`). No permission: bookkeeping the
    rounds part may also call (after a sheet is reopened, say)."""
    indicators = _manual_indicators(target)
    criteria = _criteria(target, indicators)
    entry = _entry(target)
    own = _self_scores(target, entry)
    return _assessment_sync(target, indicators, criteria, entry, own, _ensure_scores(target, indicators))


SYNCED_FIELDS = ["assessor_points", "gap_flagged", "gap_note", "passed", "final_points"]


def _assessment_sync(
    target: RoundTarget,
    indicators: Sequence[Indicator],
    criteria: Mapping[int, Criterion],
    entry: ReviewEntry,
    own: Mapping[int, SheetScore],
    scores: Mapping[int, Score],
) -> RoundTarget:
    """`target_assessment_sync` on what the caller has read already (the manual indicators, their criteria, the
    target's entry, its submitted self sheet's scores and its Score rows by indicator id); only the scores whose
    figures moved are written."""
    submitted = submitted_assessor_scores(entry)
    share = _gap_share(target)
    now = timezone.now()
    changed: list[Score] = []
    for indicator in indicators:
        criterion, score = criteria[indicator.pk], scores[indicator.pk]
        before = tuple(getattr(score, name) for name in SYNCED_FIELDS)
        given = submitted.get(criterion.pk, [])
        if not given:
            score.assessor_points, score.gap_flagged, score.gap_note = None, False, ""
            if indicator.is_veto:
                score.passed = None
        else:
            points = [_points_of(indicator, criterion, s.points) for s in given]
            score.assessor_points = rules.quantize(sum(points, Decimal(0)) / len(points))
            if indicator.is_veto:
                verdicts = [passed_of(indicator, criterion, s) for s in given]
                score.passed = all(verdicts)
                theirs = passed_of(indicator, criterion, own.get(criterion.pk))
                score.gap_flagged = theirs is not None and theirs != score.passed
            else:
                self_points = score.self_points if own else None
                score.gap_flagged = gap_exceeded(
                    indicator, share, self_points=self_points, points=score.assessor_points
                )
            notes = [s.comment.strip() for s in given if s.comment.strip()]
            score.gap_note = "；".join(notes) if score.gap_flagged else ""
        score.indicator = indicator
        score.final_points = scoring.final_points_of(score)  # written with them, not again by the refresh
        if tuple(getattr(score, name) for name in SYNCED_FIELDS) != before:
            score.updated_at = now
            changed.append(score)
    scoring.rows_update(Score, changed, [*SYNCED_FIELDS, "updated_at"])
    return scoring.target_refresh(target)
