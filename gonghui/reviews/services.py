"""Writes of the review block: templates with their criteria, rounds, entries, judges and their conflict
declarations (set up by the organiser), scoring by the judge (points within 0..满分, a veto item ticked or not,
required comments — every error names the criterion), submit (the sheet is locked), and the organiser's reopen of
one sheet with a reason (timeline and audit rows). Keyword-only, typed, the actor passed explicitly."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.orgs.models import Org

from .choices import BlindMode, ReviewAction, RoundStatus, SheetStatus
from .events import sheet_event
from .models import (
    ConflictDeclaration,
    Criterion,
    Judge,
    ReviewEntry,
    ReviewRound,
    Score,
    ScoreSheet,
    ScoreSheetTemplate,
)
from .permissions import can_manage_reviews, can_manage_round, can_score_entry, is_judge_of


@dataclass(frozen=True)
class CriterionInput:
    name: str
    max_points: Decimal = Decimal(0)
    weight: Decimal = Decimal(1)
    is_veto: bool = False
    comment_required: bool = False


@dataclass(frozen=True)
class ScoreInput:
    """What a judge enters for one criterion: points (for a veto item 1 = 否决, 0 = 不否决) and a comment."""

    points: Decimal | int | str
    comment: str = ""


def _require_manage(actor: Actor, review_round: ReviewRound) -> None:
    if not can_manage_round(actor, review_round):
        raise PermissionDenied(_("无权管理该评审"))


def _locked_draft(review_round: ReviewRound) -> ReviewRound:
    """The round, locked, while it is still being set up."""
    locked = lock(ReviewRound, pk=review_round.pk)
    if locked.status != RoundStatus.DRAFT:
        raise ValidationError(_("评审已开始，不能再修改评分表、参评对象或评委"))
    return locked


@transaction.atomic
def template_create(
    *, org: Org, name: str, criteria: Sequence[CriterionInput], actor: Actor
) -> ScoreSheetTemplate:
    if not can_manage_reviews(actor, org):
        raise PermissionDenied(_("无权管理该工会的评审"))
    if not name.strip():
        raise ValidationError({"name": _("请填写模板名称")})
    if not criteria:
        raise ValidationError({"criteria": _("评分表至少要有一个评分项")})
    seen: set[str] = set()
    for item in criteria:
        label = item.name.strip()
        if not label:
            raise ValidationError({"criteria": _("评分项名称不能为空")})
        if label in seen:
            raise ValidationError({"criteria": _("评分项「%(name)s」重复") % {"name": label}})
        seen.add(label)
        if not item.is_veto and item.max_points <= 0:
            raise ValidationError({"criteria": _("评分项「%(name)s」的满分须大于 0") % {"name": label}})
        if item.weight < 0:
            raise ValidationError({"criteria": _("评分项「%(name)s」的权重不能为负数") % {"name": label}})
    template = ScoreSheetTemplate.objects.create(org=org, name=name.strip())
    Criterion.objects.bulk_create(
        Criterion(
            template=template,
            name=item.name.strip(),
            max_points=Decimal(0) if item.is_veto else item.max_points,
            weight=item.weight,
            is_veto=item.is_veto,
            comment_required=item.comment_required,
            order=index,
        )
        for index, item in enumerate(criteria)
    )
    return template


@transaction.atomic
def round_create(
    *,
    org: Org,
    owner: models.Model,
    template: ScoreSheetTemplate,
    title: str,
    actor: Actor,
    blind_mode: BlindMode = BlindMode.OPEN,
) -> ReviewRound:
    if not can_manage_reviews(actor, org):
        raise PermissionDenied(_("无权管理该工会的评审"))
    if not can_manage_reviews(actor, template.org):
        raise ValidationError({"template": _("只能使用本级及下级工会的评分表模板")})
    if not title.strip():
        raise ValidationError({"title": _("请填写评审名称")})
    return ReviewRound.objects.create(
        org=org,
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        template=template,
        title=title.strip(),
        blind_mode=blind_mode,
        created_by=actor,
    )


@transaction.atomic
def entry_add(
    *,
    review_round: ReviewRound,
    title: str,
    entrant_org: Org,
    actor: Actor,
    unit: str = "",
    group: str = "",
    owner: models.Model | None = None,
) -> ReviewEntry:
    _require_manage(actor, review_round)
    review_round = _locked_draft(review_round)
    if not title.strip():
        raise ValidationError({"title": _("请填写参评名称")})
    return ReviewEntry.objects.create(
        round=review_round,
        title=title.strip(),
        entrant_org=entrant_org,
        unit=unit.strip(),
        group=group.strip(),
        owner_type=ContentType.objects.get_for_model(owner) if owner is not None else None,
        owner_id=owner.pk if owner is not None else None,
    )


@transaction.atomic
def judge_add(
    *, review_round: ReviewRound, user: User, actor: Actor, group: str = "", unit: str = ""
) -> Judge:
    _require_manage(actor, review_round)
    review_round = _locked_draft(review_round)
    try:
        with transaction.atomic():
            return Judge.objects.create(round=review_round, user=user, group=group.strip(), unit=unit.strip())
    except IntegrityError:
        raise ValidationError({"user": _("%(name)s 已是本轮评委") % {"name": user}}) from None


@transaction.atomic
def conflict_declare(
    *, judge: Judge, entry: ReviewEntry, actor: Actor, reason: str = ""
) -> ConflictDeclaration:
    """回避: the judge (or the organiser for them) declares a conflict with an entry, which the judge then never
    sees; a draft sheet for it is deleted, a submitted one refuses the declaration."""
    if not (is_judge_of(actor, judge) or can_manage_round(actor, judge.round)):
        raise PermissionDenied(_("无权为该评委声明回避"))
    if entry.round_id != judge.round_id:
        raise ValidationError({"entry": _("参评对象不属于本轮评审")})
    sheets = ScoreSheet.objects.filter(judge=judge, entry=entry)
    if sheets.filter(status=SheetStatus.SUBMITTED).exists():
        raise ValidationError({"entry": _("已提交该对象的评分，请先由组织方退回后再声明回避")})
    sheets.delete()
    declaration, _created = ConflictDeclaration.objects.get_or_create(
        judge=judge, entry=entry, defaults={"reason": reason.strip()}
    )
    return declaration


def _set_status(
    *, review_round: ReviewRound, actor: Actor, expected: RoundStatus, to: RoundStatus
) -> ReviewRound:
    _require_manage(actor, review_round)
    locked = lock(ReviewRound, pk=review_round.pk)
    if locked.status != expected:
        raise ValidationError(
            _("评审当前状态为「%(status)s」，不能执行该操作") % {"status": locked.get_status_display()}
        )
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def round_open(*, review_round: ReviewRound, actor: Actor) -> ReviewRound:
    if not review_round.judges.exists() or not review_round.entries.exists():
        raise ValidationError(_("请先添加参评对象和评委，再开始评审"))
    return _set_status(
        review_round=review_round, actor=actor, expected=RoundStatus.DRAFT, to=RoundStatus.OPEN
    )


@transaction.atomic
def round_close(*, review_round: ReviewRound, actor: Actor) -> ReviewRound:
    return _set_status(
        review_round=review_round, actor=actor, expected=RoundStatus.OPEN, to=RoundStatus.CLOSED
    )


def _points(criterion: Criterion, value: Decimal | int | str) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(
            {"scores": _("「%(name)s」的得分须为数字") % {"name": criterion.name}}
        ) from None
    if not points.is_finite():
        raise ValidationError({"scores": _("「%(name)s」的得分须为数字") % {"name": criterion.name}})
    if criterion.is_veto:
        if points not in (Decimal(0), Decimal(1)):
            raise ValidationError(
                {"scores": _("否决项「%(name)s」只能选择“否决”或“不否决”") % {"name": criterion.name}}
            )
        return points
    if points < 0 or points > criterion.max_points:
        raise ValidationError(
            {
                "scores": _("「%(name)s」的得分须在 0 到 %(max)s 分之间")
                % {"name": criterion.name, "max": format(criterion.max_points.normalize(), "f")}
            }
        )
    if points.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError({"scores": _("「%(name)s」的得分最多保留两位小数") % {"name": criterion.name}})
    return points


@transaction.atomic
def sheet_save(
    *, judge: Judge, entry: ReviewEntry, scores: Mapping[int, ScoreInput], actor: Actor
) -> ScoreSheet:
    """Save the judge's points for some or all criteria (by criterion id) as a draft. Refused for an entry the
    judge may not see, outside an open round, and on a submitted sheet."""
    if not can_score_entry(actor, judge, entry):
        raise PermissionDenied(_("无权为该对象评分"))
    review_round = lock(ReviewRound, pk=judge.round_id)
    if review_round.status != RoundStatus.OPEN:
        raise ValidationError(_("评审未在进行中，不能评分"))
    criteria = {c.pk: c for c in Criterion.objects.filter(template_id=review_round.template_id)}
    cleaned: dict[int, tuple[Decimal, str]] = {}
    for criterion_id, given in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError({"scores": _("评分项不属于本轮评分表")})
        cleaned[criterion_id] = (_points(criterion, given.points), given.comment.strip())
    sheet, _created = ScoreSheet.objects.get_or_create(
        judge=judge, entry=entry, defaults={"round": review_round}
    )
    sheet = lock(ScoreSheet, pk=sheet.pk)
    if not sheet.is_editable:
        raise ValidationError(_("评分表已提交，不能再修改"))
    for criterion_id, (points, comment) in cleaned.items():
        Score.objects.update_or_create(
            sheet=sheet, criterion_id=criterion_id, defaults={"points": points, "comment": comment}
        )
    sheet.save(update_fields=["updated_at"])
    return sheet


@transaction.atomic
def sheet_submit(*, sheet: ScoreSheet, actor: Actor) -> ScoreSheet:
    """Submit: every criterion scored, every required comment written; the sheet is locked afterwards."""
    if not can_score_entry(actor, sheet.judge, sheet.entry):
        raise PermissionDenied(_("无权提交该评分表"))
    review_round = lock(ReviewRound, pk=sheet.round_id)
    if review_round.status != RoundStatus.OPEN:
        raise ValidationError(_("评审未在进行中，不能提交"))
    locked = lock(ScoreSheet, pk=sheet.pk)
    if not locked.is_editable:
        raise ValidationError(_("评分表已提交"))
    given = {s.criterion_id: s for s in Score.objects.filter(sheet=locked)}
    for criterion in Criterion.objects.filter(template_id=review_round.template_id):
        score = given.get(criterion.pk)
        if score is None:
            raise ValidationError({"scores": _("请为「%(name)s」评分") % {"name": criterion.name}})
        required = criterion.comment_required or (criterion.is_veto and score.points == 1)
        if required and not score.comment.strip():
            raise ValidationError({"scores": _("请填写「%(name)s」的评语") % {"name": criterion.name}})
    from_state = SheetStatus(locked.status)
    locked.status = SheetStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    sheet_event(sheet=locked, actor=actor, action=ReviewAction.SUBMIT, from_state=from_state)
    return locked


@transaction.atomic
def sheet_reopen(
    *, sheet: ScoreSheet, reason: str, actor: Actor, context: AuditContext | None = None
) -> ScoreSheet:
    """退回: the organiser reopens one submitted sheet with a reason; the judge may edit and submit it again."""
    review_round = lock(ReviewRound, pk=sheet.round_id, related=("org",))
    _require_manage(actor, review_round)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回原因")})
    if review_round.status != RoundStatus.OPEN:
        raise ValidationError(_("评审未在进行中，不能退回评分表"))
    locked = lock(ScoreSheet, pk=sheet.pk)
    if locked.status != SheetStatus.SUBMITTED:
        raise ValidationError(_("只能退回已提交的评分表"))
    locked.status = SheetStatus.REOPENED
    locked.reopen_reason = reason.strip()
    locked.save(update_fields=["status", "reopen_reason", "updated_at"])
    sheet_event(
        sheet=locked,
        actor=actor,
        action=ReviewAction.REOPEN,
        from_state=SheetStatus.SUBMITTED,
        note=reason.strip(),
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("退回评分表：%(round)s · %(sheet)s") % {"round": review_round.title, "sheet": locked},
        actor=actor,
        context=context,
        subject=locked,
        org_id=review_round.org_id,
        detail={"reason": reason.strip()},
    )
    return locked
