"""Writes of the review block: templates with their criteria, rounds, entries, judges and their conflict
declarations (set up by the organiser), scoring by the judge (points within 0..满分, a veto item ticked or not,
required comments — every error names the criterion), submit (the sheet is locked), and the organiser's reopen of
one sheet with a reason (timeline and audit rows). The rules a round is scored by are set while it is a draft
(`round_rules_set`). In a 自评+考评 round the entrant union saves and submits the entry's self sheet with evidence
(`self_sheet_save`, `self_sheet_evidence_add`, `self_sheet_submit`); the organiser reopens it like any sheet.
Keyword-only, typed, the actor passed explicitly."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import User
from gonghui.attachments.models import Attachment
from gonghui.attachments.services import attachment_save
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.orgs.models import Org

from .aggregation import TieRule
from .choices import BlindMode, ExportKind, ReviewAction, RoundMode, RoundStatus, SheetStatus, TieRuleKind
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
from .permissions import (
    can_edit_sheet,
    can_manage_reviews,
    can_manage_round,
    can_score_entry,
    can_self_assess,
    can_view_round,
    is_judge_of,
)
from .spreadsheets import round_results_workbook, round_sheets_workbook


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


def _clean_template(name: str, criteria: Sequence[CriterionInput]) -> None:
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


def _criteria_create(template: ScoreSheetTemplate, criteria: Sequence[CriterionInput]) -> None:
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


@transaction.atomic
def template_create(
    *, org: Org, name: str, criteria: Sequence[CriterionInput], actor: Actor
) -> ScoreSheetTemplate:
    if not can_manage_reviews(actor, org):
        raise PermissionDenied(_("无权管理该工会的评审"))
    _clean_template(name, criteria)
    template = ScoreSheetTemplate.objects.create(org=org, name=name.strip())
    _criteria_create(template, criteria)
    return template


def template_is_editable(template: ScoreSheetTemplate) -> bool:
    """A template may change while every round using it is still a draft (no sheet scores it yet)."""
    return not template.rounds.exclude(status=RoundStatus.DRAFT).exists()


@transaction.atomic
def template_update(
    *,
    template: ScoreSheetTemplate,
    actor: Actor,
    name: str,
    criteria: Sequence[CriterionInput],
    context: AuditContext | None = None,
) -> ScoreSheetTemplate:
    """Change a template's name and replace its criteria while no round using it has been opened (the rounds
    using it are locked, so none opens meanwhile); a draft round's tie rule naming a criterion that is gone or
    now a veto item is dropped. Refused once a round using it has started: 复制为新模板 is the way then."""
    if not can_manage_reviews(actor, template.org):
        raise PermissionDenied(_("无权管理该评分表模板"))
    locked = lock(ScoreSheetTemplate, pk=template.pk)
    rounds = list(ReviewRound.objects.select_for_update().filter(template_id=locked.pk).order_by("pk"))
    if any(r.status != RoundStatus.DRAFT for r in rounds):
        raise ValidationError(_("该模板已用于已开始的评审，不能再修改；如需调整请“复制为新模板”"))
    _clean_template(name, criteria)
    before = [c.name for c in Criterion.objects.filter(template=locked)]
    Criterion.objects.filter(template=locked).delete()
    locked.name = name.strip()
    locked.save(update_fields=["name", "updated_at"])
    _criteria_create(locked, criteria)
    scored = {item.name.strip() for item in criteria if not item.is_veto}
    for review_round in rounds:
        kept = [
            rule
            for rule in review_round.tie_rules or []
            if rule.get("kind") != TieRuleKind.CRITERION or rule.get("criterion") in scored
        ]
        if kept != (review_round.tie_rules or []):
            review_round.tie_rules = kept
            review_round.save(update_fields=["tie_rules", "updated_at"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("修改评分表模板：%(name)s") % {"name": locked.name},
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.org_id,
        detail={"before": before, "after": [item.name.strip() for item in criteria]},
    )
    return locked


@transaction.atomic
def round_create(
    *,
    org: Org,
    owner: models.Model,
    template: ScoreSheetTemplate,
    title: str,
    actor: Actor,
    blind_mode: BlindMode = BlindMode.OPEN,
    mode: RoundMode = RoundMode.PANEL,
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
        mode=mode,
        created_by=actor,
    )


NO_GROUP = "未分组"


def _share(value: Decimal | str, field: str, label: str) -> Decimal:
    try:
        share = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError({field: _("%(label)s须为 0 到 1 之间的小数") % {"label": label}}) from None
    if not share.is_finite() or share <= 0 or share > 1:
        raise ValidationError({field: _("%(label)s须大于 0 且不超过 1") % {"label": label}})
    if share.as_tuple().exponent < -3:  # type: ignore[operator]
        raise ValidationError({field: _("%(label)s最多保留三位小数") % {"label": label}})
    return share


def _tie_rules(review_round: ReviewRound, tie_rules: Sequence[TieRule]) -> list[dict[str, str]]:
    criteria = {c.name: c for c in Criterion.objects.filter(template_id=review_round.template_id)}
    stored: list[dict[str, str]] = []
    for rule in tie_rules:
        kind = TieRuleKind(rule.kind)
        if kind == TieRuleKind.CRITERION:
            name = rule.criterion.strip()
            criterion = criteria.get(name)
            if criterion is None:
                raise ValidationError(
                    {"tie_rules": _("同分排序规则中的评分项「%(name)s」不在本轮评分表中") % {"name": name}}
                )
            if criterion.is_veto:
                raise ValidationError(
                    {"tie_rules": _("否决项「%(name)s」不能作为同分排序依据") % {"name": name}}
                )
            item = {"kind": str(kind), "criterion": name}
        else:
            item = {"kind": str(kind)}
        if item in stored:
            raise ValidationError({"tie_rules": _("同分排序规则「%(rule)s」重复") % {"rule": kind.label}})
        stored.append(item)
    return stored


def _group_weights(group_weights: Mapping[str, Decimal | str]) -> dict[str, str]:
    stored: dict[str, str] = {}
    for group, value in group_weights.items():
        name = group.strip()
        label = name or NO_GROUP
        try:
            weight = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValidationError(
                {"group_weights": _("评审组「%(group)s」的权重须为数字") % {"group": label}}
            ) from None
        if not weight.is_finite() or weight <= 0:
            raise ValidationError(
                {"group_weights": _("评审组「%(group)s」的权重须大于 0") % {"group": label}}
            )
        if name in stored:
            raise ValidationError({"group_weights": _("评审组「%(group)s」重复") % {"group": label}})
        stored[name] = format(weight.normalize(), "f")
    return stored


@transaction.atomic
def round_rules_set(
    *,
    review_round: ReviewRound,
    actor: Actor,
    tie_rules: Sequence[TieRule],
    outlier_share: Decimal | str,
    group_weights: Mapping[str, Decimal | str],
    gap_share: Decimal | str,
) -> ReviewRound:
    """Set the rules the round is scored by while it is a draft: the tie rules in order (a criterion rule names a
    scored criterion of the round's template), the outlying judges' share of the maximum and the self-vs-assessor
    gap share (each 0 < share ≤ 1), the weight per judge group (each > 0; "" weighs the judges without a group;
    empty: every judge counts the same)."""
    _require_manage(actor, review_round)
    locked = _locked_draft(review_round)
    locked.tie_rules = _tie_rules(locked, tie_rules)
    locked.outlier_share = _share(outlier_share, "outlier_share", _("离群评委阈值"))
    locked.gap_share = _share(gap_share, "gap_share", _("自评差异阈值"))
    locked.group_weights = _group_weights(group_weights)
    locked.save(update_fields=["tie_rules", "outlier_share", "gap_share", "group_weights", "updated_at"])
    return locked


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
    if owner is None and not review_round.entries_by_hand:
        raise ValidationError({"title": _("本评审的参评对象由其所属业务统一添加，不能手工添加")})
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
def entry_remove(*, entry: ReviewEntry, actor: Actor, context: AuditContext | None = None) -> None:
    """Remove an entry while its round is a draft (audited)."""
    review_round = ReviewRound.objects.select_related("org").get(pk=entry.round_id)
    _require_manage(actor, review_round)
    locked = _locked_draft(review_round)
    if entry.owner_id is not None and not review_round.entries_by_hand:
        raise ValidationError(_("该参评对象来自其所属业务（如竞赛报名），请在原业务中处理"))
    title = entry.title
    entry.delete()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("移除参评对象：%(round)s · %(entry)s") % {"round": locked.title, "entry": title},
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.org_id,
        detail={"entry": title},
    )


@transaction.atomic
def judge_remove(*, judge: Judge, actor: Actor, context: AuditContext | None = None) -> None:
    """Remove a judge (with their conflict declarations) while the round is a draft (audited)."""
    review_round = ReviewRound.objects.select_related("org").get(pk=judge.round_id)
    _require_manage(actor, review_round)
    locked = _locked_draft(review_round)
    name = str(judge.user)
    judge.delete()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("移除评委：%(round)s · %(judge)s") % {"round": locked.title, "judge": name},
        actor=actor,
        context=context,
        subject=locked,
        org_id=locked.org_id,
        detail={"judge": name},
    )


def round_export(
    *, review_round: ReviewRound, actor: Actor, kind: ExportKind, context: AuditContext | None = None
) -> bytes:
    """One xlsx export of the round (原始评分表 or 评审结果) for whoever may see the round, audited."""
    if not can_view_round(actor, review_round):
        raise PermissionDenied(_("无权导出该评审"))
    kind = ExportKind(kind)
    if kind == ExportKind.SHEETS:
        content = round_sheets_workbook(review_round)
    else:
        content = round_results_workbook(review_round)
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出%(kind)s：%(round)s") % {"kind": kind.label, "round": review_round.title},
        actor=actor,
        context=context,
        subject=review_round,
        org_id=review_round.org_id,
        detail={"kind": str(kind)},
    )
    return content


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
    """Open for scoring: entries and judges added, and with group weights set every judge's group weighed."""
    if not review_round.judges.exists() or not review_round.entries.exists():
        raise ValidationError(_("请先添加参评对象和评委，再开始评审"))
    weights = ReviewRound.objects.get(pk=review_round.pk).group_weights or {}
    if weights:
        for group in review_round.judges.order_by("group").values_list("group", flat=True).distinct():
            if group not in weights:
                raise ValidationError(
                    {"group_weights": _("评审组「%(group)s」还没有设置权重") % {"group": group or NO_GROUP}}
                )
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
    return _scores_write(sheet, cleaned, locked=_("评分表已提交，不能再修改"))


def _scores_write(
    sheet: ScoreSheet, cleaned: Mapping[int, tuple[Decimal, str]], *, locked: str
) -> ScoreSheet:
    """Write checked points and comments into a sheet, under its row lock; refused once the sheet is submitted."""
    sheet = lock(ScoreSheet, pk=sheet.pk)
    if not sheet.is_editable:
        raise ValidationError(locked)
    # the sheet's row lock serialises its writers: read its scores once, insert the new ones together and update
    # only those whose points or comment moved (update_or_create cost ~6 statements per criterion)
    have = {
        score.criterion_id: score
        for score in Score.objects.filter(sheet=sheet, criterion_id__in=list(cleaned)).order_by()
    }
    new: list[Score] = []
    now = timezone.now()
    for criterion_id, (points, comment) in cleaned.items():
        score = have.get(criterion_id)
        if score is None:
            new.append(Score(sheet=sheet, criterion_id=criterion_id, points=points, comment=comment))
        elif (score.points, score.comment) != (points, comment):
            Score.objects.filter(pk=score.pk).update(points=points, comment=comment, updated_at=now)
    Score.objects.bulk_create(new)
    sheet.save(update_fields=["updated_at"])
    return sheet


@transaction.atomic
def sheet_submit(*, sheet: ScoreSheet, actor: Actor) -> ScoreSheet:
    """Submit: every criterion scored, every required comment written; the sheet is locked afterwards. A self
    sheet is submitted through `self_sheet_submit`."""
    if sheet.is_self or sheet.judge is None:
        return self_sheet_submit(sheet=sheet, actor=actor)
    if not can_score_entry(actor, sheet.judge, sheet.entry):
        raise PermissionDenied(_("无权提交该评分表"))
    review_round = lock(ReviewRound, pk=sheet.round_id)
    if review_round.status != RoundStatus.OPEN:
        raise ValidationError(_("评审未在进行中，不能提交"))
    locked = lock(ScoreSheet, pk=sheet.pk)
    if not locked.is_editable:
        raise ValidationError(_("评分表已提交"))
    return _submit(locked, review_round=review_round, actor=actor, action=ReviewAction.SUBMIT)


def _submit(
    locked: ScoreSheet, *, review_round: ReviewRound, actor: Actor, action: ReviewAction
) -> ScoreSheet:
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
    sheet_event(sheet=locked, actor=actor, action=action, from_state=from_state)
    return locked


def _self_round(entry: ReviewEntry, actor: Actor) -> ReviewRound:
    """The entry's round, locked, after checking the actor self-assesses the entry while the round is open."""
    if not can_self_assess(actor, entry):
        raise PermissionDenied(_("无权为该对象自评"))
    review_round = lock(ReviewRound, pk=entry.round_id)
    if review_round.status != RoundStatus.OPEN:
        raise ValidationError(_("评审未在进行中，不能自评"))
    return review_round


@transaction.atomic
def self_sheet_save(
    *, entry: ReviewEntry, actor: Actor, scores: Mapping[int, tuple[Decimal | str, str]]
) -> ScoreSheet:
    """自评: the entrant union saves its own points and a comment for some or all criteria (criterion id →
    (points, comment)) on the entry's one self sheet, made on the first save (an empty mapping just makes it, to
    attach evidence to). Refused outside an open 自评+考评 round and on a submitted sheet; errors name the
    criterion."""
    review_round = _self_round(entry, actor)
    criteria = {c.pk: c for c in Criterion.objects.filter(template_id=review_round.template_id)}
    cleaned: dict[int, tuple[Decimal, str]] = {}
    for criterion_id, (points, comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError({"scores": _("评分项不属于本轮评分表")})
        cleaned[criterion_id] = (_points(criterion, points), comment.strip())
    sheet, _created = ScoreSheet.objects.get_or_create(
        entry=entry, is_self=True, defaults={"round": review_round, "judge": None}
    )
    return _scores_write(sheet, cleaned, locked=_("自评表已提交，不能再修改"))


@transaction.atomic
def self_sheet_submit(*, sheet: ScoreSheet, actor: Actor) -> ScoreSheet:
    """Submit the self sheet (every criterion scored, required comments written): it is locked until the
    organiser reopens it (`sheet_reopen`)."""
    if not sheet.is_self:
        raise ValidationError(_("这不是自评表"))
    review_round = _self_round(sheet.entry, actor)
    locked = lock(ScoreSheet, pk=sheet.pk)
    if not locked.is_editable:
        raise ValidationError(_("自评表已提交"))
    return _submit(locked, review_round=review_round, actor=actor, action=ReviewAction.SELF_SUBMIT)


def _self_sheet_editable(sheet: ScoreSheet, actor: Actor) -> None:
    if not sheet.is_self or not can_edit_sheet(actor, sheet):
        raise PermissionDenied(_("无权修改该自评表的佐证材料"))
    current = ScoreSheet.objects.select_related("round").get(pk=sheet.pk)
    if current.round.status != RoundStatus.OPEN:
        raise ValidationError(_("评审未在进行中，不能修改佐证材料"))
    if not current.is_editable:
        raise ValidationError(_("自评表已提交，不能再修改佐证材料"))


def self_sheet_evidence_add(*, sheet: ScoreSheet, upload: UploadedFile[bytes], actor: Actor) -> Attachment:
    """佐证材料: attach one file (checked by the attachments' upload policy) to an editable self sheet."""
    _self_sheet_editable(sheet, actor)
    try:
        return attachment_save(owner=sheet, org=sheet.entry.entrant_org, upload=upload, actor=actor)
    except ValidationError as error:
        messages = [str(m) for m in error.messages]
        raise ValidationError({"evidence": [f"{upload.name}：{m}" for m in messages]}) from None


@transaction.atomic
def self_sheet_evidence_delete(*, sheet: ScoreSheet, attachment: Attachment, actor: Actor) -> None:
    """Remove one evidence file of an editable self sheet."""
    _self_sheet_editable(sheet, actor)
    owned = Attachment.objects.filter(
        pk=attachment.pk,
        content_type=ContentType.objects.get_for_model(ScoreSheet),
        object_id=str(sheet.pk),
    ).first()
    if owned is None:
        raise ValidationError({"evidence": _("该文件不是本自评表的佐证材料")})
    transaction.on_commit(partial(owned.file.delete, save=False))
    owned.delete()


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
