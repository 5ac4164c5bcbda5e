"""Writes of 创新工作室 (part `studios`): the application (`studio_apply`, which puts the studio into the year's
studio campaign as a nomination), naming (`studio_mark_named`, `studio_mark_not_selected`, called by the naming
part when the campaign is named), funding by tranche through the ledger (`tranche_pay`: one key per studio, kind and
year, so a tranche is paid once whatever happens), yearly outputs (`output_record`), assessments (`assessment_create`
with an optional reviews round owned by the assessment, `assessment_decide`: re-confirm, rectify or 摘牌) and the
direct 摘牌 of a studio whose rectification failed (`studio_delist`). Keyword-only, actor explicit, one transaction
each with its timeline row."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.locking import lock
from gonghui.core.numbering import document_number, number_next
from gonghui.documents.selectors import issuer_settings_of
from gonghui.ledger.models import BudgetLine
from gonghui.ledger.services import ledger_pay
from gonghui.orgs.models import Org
from gonghui.reviews import services as reviews
from gonghui.reviews.models import ScoreSheetTemplate

from ..choices import (
    LIVE_NOMINATION_STATUSES,
    AssessmentKind,
    AssessmentResult,
    CampaignStatus,
    NomineeKind,
    Stage,
    StudioAction,
    StudioStatus,
    TrancheKind,
    WorkerStatus,
)
from ..events import studio_event
from ..models import (
    HonourCampaign,
    InnovationStudio,
    ModelWorker,
    Nomination,
    StudioAssessment,
    StudioOutput,
    StudioTranche,
)
from ..permissions import can_manage_for
from ..selectors.studios import EXPORT_HEADERS, assessment_score, has_new_result, studio_export_rows

PLAQUE_TEXT = "焦作市示范性劳模和工匠人才创新工作室"
NUMBER_SUFFIX = "创"  # 焦教工 + 创 → 焦教工创〔2026〕3号
DEFAULT_AMOUNTS: dict[str, Decimal] = {
    TrancheKind.NEW: Decimal("50000"),
    TrancheKind.RECONFIRMED: Decimal("30000"),
}
INELIGIBLE_LEADER = (WorkerStatus.REVOKED, WorkerStatus.DECEASED)


def _require_manage(actor: Actor, org: Org) -> None:
    if not can_manage_for(actor, org):
        raise PermissionDenied(_("无权管理该创新工作室"))


def naming_org_of(studio: InnovationStudio) -> Org:
    """The union that names the studio: the one running the campaign of its latest nomination (the studio's own
    union when it was never nominated)."""
    nomination = (
        Nomination.objects.filter(studio=studio, status__in=LIVE_NOMINATION_STATUSES)
        .select_related("campaign__org")
        .order_by("-pk")
        .first()
    )
    return nomination.campaign.org if nomination is not None else studio.org


def number_series_of(org: Org) -> str:
    """The studio number series of a naming union: its 发文机关代字 + 创 (焦教工创), else its short name + 创."""
    series = issuer_settings_of(org).series.strip() or org.short_name.strip() or org.name.strip()
    return f"{series}{NUMBER_SUFFIX}"


@transaction.atomic
def studio_mark_named(
    *, studio: InnovationStudio, named_on: dt.date, level: str, actor: Actor, issuer: Org | None = None
) -> InnovationStudio:
    """Name the studio (called by the naming part for each APPROVED studio nomination): status NAMED, `named_on`,
    `level`, a number counted per naming union and year (焦教工创〔2026〕3号, `issuer` defaults to the union running
    the studio's campaign) and the plaque text. Pays nothing (the 新命名经费 is `tranche_pay`). Naming an already
    named studio again returns it unchanged."""
    studio = lock(InnovationStudio, related=("org",), pk=studio.pk)
    issuer = issuer or naming_org_of(studio)
    if not can_manage_for(actor, issuer) and not can_manage_for(actor, studio.org):
        raise PermissionDenied(_("无权命名该创新工作室"))
    if studio.status == StudioStatus.NAMED and studio.number:
        return studio
    if studio.status not in (StudioStatus.APPLIED, StudioStatus.NOT_SELECTED):
        raise ValidationError(
            _("创新工作室“%(name)s”当前状态为%(status)s，不能命名")
            % {"name": studio.name, "status": studio.get_status_display()}
        )
    level = (level or "").strip() or PLAQUE_TEXT
    from_state = studio.status
    series = number_series_of(issuer)
    serial = number_next(issuer_id=issuer.pk, series=series, year=named_on.year)
    studio.status = StudioStatus.NAMED
    studio.named_on = named_on
    studio.level = level[:100]
    studio.number = document_number(series, named_on.year, serial)[:50]
    studio.plaque_text = PLAQUE_TEXT
    studio.save(update_fields=["status", "named_on", "level", "number", "plaque_text", "updated_at"])
    studio_event(
        studio=studio,
        actor=actor,
        action=StudioAction.NAME,
        from_state=from_state,
        note=f"{studio.level}，编号{studio.number}",
    )
    return studio


@transaction.atomic
def studio_mark_not_selected(*, studio: InnovationStudio, actor: Actor) -> InnovationStudio:
    """The studio's nomination was not selected: an APPLIED studio becomes NOT_SELECTED (it may apply again in a
    later campaign). A studio in any other state is left as it is."""
    studio = lock(InnovationStudio, related=("org",), pk=studio.pk)
    if not can_manage_for(actor, studio.org) and not can_manage_for(actor, naming_org_of(studio)):
        raise PermissionDenied(_("无权处理该创新工作室"))
    if studio.status != StudioStatus.APPLIED:
        return studio
    studio.status = StudioStatus.NOT_SELECTED
    studio.save(update_fields=["status", "updated_at"])
    studio_event(
        studio=studio, actor=actor, action=StudioAction.NAME, from_state=StudioStatus.APPLIED, note="未入选"
    )
    return studio


def tranche_key(studio: InnovationStudio, kind: str, year: int) -> str:
    """The one key of a tranche: the ledger's idempotency key too, so a tranche is paid once."""
    return f"honours.studio:{studio.pk}:{kind}:{year}"


def _clean_team(team: list[dict[str, Any]]) -> list[dict[str, str]]:
    cleaned: list[dict[str, str]] = []
    for row in team:
        name = str(row.get("name", "")).strip()
        role = str(row.get("role", "")).strip()
        if not name and not role:
            continue
        if not name:
            raise ValidationError({"team": _("团队成员：请填写“%(role)s”的姓名") % {"role": role}})
        cleaned.append({"name": name[:50], "role": role[:50]})
    return cleaned


def _check_leader(org: Org, leader: ModelWorker) -> None:
    if leader.status in INELIGIBLE_LEADER:
        raise ValidationError(
            {
                "leader": _("领办人%(name)s的称号状态为%(status)s，不能领办工作室")
                % {"name": leader.name, "status": leader.get_status_display()}
            }
        )
    if not leader.org.path.startswith(org.path):
        raise ValidationError({"leader": _("领办人须是本工会及下级工会登记在册的劳模或工匠")})


def _check_campaign(org: Org, campaign: HonourCampaign) -> None:
    if campaign.nominee_kind != NomineeKind.STUDIO:
        raise ValidationError({"campaign": _("所选评选不是创新工作室评选")})
    if campaign.status != CampaignStatus.RUNNING or campaign.stage != Stage.NOMINATE:
        raise ValidationError({"campaign": _("所选评选不在基层推荐阶段，不能申报")})
    if not org.path.startswith(campaign.org.path):
        raise ValidationError({"campaign": _("本工会不能向该评选推荐")})
    if campaign.nomination_deadline and campaign.nomination_deadline < timezone.now():
        raise ValidationError({"campaign": _("该评选的推荐已截止")})


@transaction.atomic
def studio_apply(
    *,
    org: Org,
    leader: ModelWorker,
    name: str,
    field: str,
    site: str,
    team: list[dict[str, Any]],
    plan: str,
    goals: str,
    campaign: HonourCampaign,
    actor: Actor,
) -> InnovationStudio:
    """申报: `org` applies for a studio led by `leader` (a registered 劳模/工匠 of its subtree whose title is not
    revoked) in `campaign` (the year's studio campaign at 基层推荐, run by `org` or a union above it). Creates the
    studio (申报中) and its nomination (draft) through the nominations part; from there the campaign's stages run on
    the campaign pages."""
    _require_manage(actor, org)
    from .nominations import nomination_create  # the nominations part (it may import this module)

    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写工作室名称")})
    if not plan.strip():
        raise ValidationError({"plan": _("请填写建设方案")})
    leader = ModelWorker.objects.select_related("org").get(pk=leader.pk)
    _check_leader(org, leader)
    _check_campaign(org, campaign)
    studio = InnovationStudio.objects.create(
        org=org,
        leader=leader,
        name=name[:200],
        field=field.strip()[:100],
        site=site.strip()[:200],
        team=_clean_team(team),
        plan=plan.strip(),
        goals=goals.strip(),
        status=StudioStatus.APPLIED,
        created_by=actor,
    )
    studio_event(studio=studio, actor=actor, action=StudioAction.APPLY, note=campaign.title)
    nomination_create(
        campaign=campaign,
        nominating_org=org,
        studio=studio,
        actor=actor,
        deeds=studio.plan,
        facts={
            "工作室名称": studio.name,
            "领办人": leader.name,
            "荣誉称号": leader.title,
            "专业领域": studio.field,
            "场所": studio.site,
            "团队人数": str(len(studio.team)),
            "工作目标": studio.goals,
        },
    )
    return studio


@transaction.atomic
def studio_update(
    *,
    studio: InnovationStudio,
    name: str,
    field: str,
    site: str,
    team: list[dict[str, Any]],
    plan: str,
    goals: str,
    actor: Actor,
) -> InnovationStudio:
    """Edit the studio's facts (its union, while it is not 摘牌). The leader and the naming facts do not change."""
    studio = lock(InnovationStudio, related=("org",), pk=studio.pk)
    _require_manage(actor, studio.org)
    if studio.status == StudioStatus.DELISTED:
        raise ValidationError(_("已摘牌的工作室不能修改"))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写工作室名称")})
    studio.name = name[:200]
    studio.field = field.strip()[:100]
    studio.site = site.strip()[:200]
    studio.team = _clean_team(team)
    studio.plan = plan.strip()
    studio.goals = goals.strip()
    studio.save(update_fields=["name", "field", "site", "team", "plan", "goals", "updated_at"])
    return studio


@transaction.atomic
def tranche_pay(
    *,
    studio: InnovationStudio,
    kind: TrancheKind | str,
    year: int,
    budget_line: BudgetLine,
    actor: Actor,
    amount: Decimal | None = None,
) -> StudioTranche:
    """拨付经费: pay the studio's `kind` tranche of `year` from `budget_line` (default amounts: 5万 新命名, 3万 复核确认)
    through the ledger, under the key `honours.studio:<pk>:<kind>:<year>` (the tranche's and the ledger entry's).
    The studio row is locked first, so concurrent clicks wait; a second call returns the tranche already paid
    (paid once whatever happens). A 复核确认 tranche needs a 复核确认 assessment of that year."""
    kind = TrancheKind(kind)
    studio = lock(InnovationStudio, related=("org",), pk=studio.pk)
    if not can_manage_for(actor, naming_org_of(studio)):
        raise PermissionDenied(_("无权为该创新工作室拨付经费"))
    key = tranche_key(studio, kind, year)
    existing = StudioTranche.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if studio.status != StudioStatus.NAMED:
        raise ValidationError(_("只能为已命名的工作室拨付经费（当前：%s）") % studio.get_status_display())
    if studio.named_on is not None and year < studio.named_on.year:
        raise ValidationError({"year": _("年度不能早于命名年度%s") % studio.named_on.year})
    if (
        kind == TrancheKind.RECONFIRMED
        and not StudioAssessment.objects.filter(
            studio=studio, year=year, result=AssessmentResult.RECONFIRM
        ).exists()
    ):
        raise ValidationError({"kind": _("%s年度尚无“复核确认”的考核验收结论，不能拨付复核确认经费") % year})
    if amount is None:
        amount = DEFAULT_AMOUNTS.get(kind)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("请填写拨付金额")})
    tranche = StudioTranche.objects.create(
        studio=studio,
        kind=kind,
        year=year,
        amount=amount,
        budget_line=budget_line,
        key=key,
        created_by=actor,
    )
    ledger_pay(
        budget_line=budget_line,
        amount=amount,
        payee_name=(studio.org.unit_name or studio.name)[:100],
        idempotency_key=key,
        actor=actor,
        purpose=f"{studio.name}{kind.label}（{year}年）"[:200],
        owner=tranche,
    )
    studio_event(
        studio=studio, actor=actor, action=StudioAction.FUND, note=f"{kind.label}{year}年 {amount}元"
    )
    return tranche


@transaction.atomic
def output_record(
    *,
    studio: InnovationStudio,
    year: int,
    projects: int,
    patents: int,
    papers: int,
    benefit_yuan: Decimal,
    apprentices: int,
    summary: str,
    actor: Actor,
) -> StudioOutput:
    """报送年度成果: one row per studio and year, written by the studio's union and editable until that year's
    assessment is decided."""
    studio = lock(InnovationStudio, related=("org",), pk=studio.pk)
    _require_manage(actor, studio.org)
    if studio.status not in (StudioStatus.NAMED, StudioStatus.RECTIFYING):
        raise ValidationError(_("只有已命名或整改中的工作室可以报送成果"))
    if studio.named_on is not None and year < studio.named_on.year:
        raise ValidationError({"year": _("年度不能早于命名年度%s") % studio.named_on.year})
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("不能报送未来年度的成果")})
    if StudioAssessment.objects.filter(studio=studio, year=year).exclude(result="").exists():
        raise ValidationError({"year": _("%s年度已考核，成果不能再修改") % year})
    for label, value in (
        ("创新项目", projects),
        ("专利", patents),
        ("论文", papers),
        ("培养徒弟", apprentices),
    ):
        if value < 0:
            raise ValidationError(_("%s不能为负数") % label)
    if benefit_yuan < 0:
        raise ValidationError({"benefit_yuan": _("创造效益不能为负数")})
    output, created = StudioOutput.objects.update_or_create(
        studio=studio,
        year=year,
        defaults={
            "projects": projects,
            "patents": patents,
            "papers": papers,
            "benefit_yuan": benefit_yuan,
            "apprentices": apprentices,
            "summary": summary.strip(),
        },
        create_defaults={
            "projects": projects,
            "patents": patents,
            "papers": papers,
            "benefit_yuan": benefit_yuan,
            "apprentices": apprentices,
            "summary": summary.strip(),
            "created_by": actor,
        },
    )
    studio_event(
        studio=studio,
        actor=actor,
        action=StudioAction.OUTPUT,
        note=f"{year}年{'报送' if created else '修改'}：创新项目{projects}项，专利{patents}项",
    )
    return output


@transaction.atomic
def assessment_create(
    *,
    studio: InnovationStudio,
    year: int,
    kind: AssessmentKind | str,
    template: ScoreSheetTemplate | None,
    actor: Actor,
) -> StudioAssessment:
    """年度考核 / 验收 of a named studio by the union that named it. With a score-sheet `template` a reviews round
    owned by the assessment is made (one entry: the studio; judges are added on the reviews pages); without one
    the score is given when deciding."""
    kind = AssessmentKind(kind)
    studio = lock(InnovationStudio, related=("org",), pk=studio.pk)
    naming_org = naming_org_of(studio)
    if not can_manage_for(actor, naming_org):
        raise PermissionDenied(_("无权考核该创新工作室"))
    if studio.status not in (StudioStatus.NAMED, StudioStatus.RECTIFYING):
        raise ValidationError(_("只有已命名或整改中的工作室可以考核验收"))
    if studio.named_on is not None and year < studio.named_on.year:
        raise ValidationError({"year": _("年度不能早于命名年度%s") % studio.named_on.year})
    if StudioAssessment.objects.filter(studio=studio, year=year, kind=kind).exists():
        raise ValidationError(
            {"year": _("%(year)s年度的%(kind)s已经建立") % {"year": year, "kind": kind.label}}
        )
    assessment = StudioAssessment.objects.create(studio=studio, year=year, kind=kind, created_by=actor)
    if template is not None:
        review_round = reviews.round_create(
            org=naming_org,
            owner=assessment,
            template=template,
            title=f"{studio.name}{year}年度{kind.label}"[:200],
            actor=actor,
        )
        reviews.entry_add(
            review_round=review_round,
            title=studio.name,
            entrant_org=studio.org,
            unit=studio.org.unit_name,
            owner=assessment,
            actor=actor,
        )
        assessment.review_round = review_round
        assessment.save(update_fields=["review_round", "updated_at"])
    studio_event(studio=studio, actor=actor, action=StudioAction.ASSESS, note=f"{year}年度{kind.label}")
    return assessment


@transaction.atomic
def assessment_decide(
    *,
    assessment: StudioAssessment,
    result: AssessmentResult | str,
    comments: str,
    actor: Actor,
    rectify_by: dt.date | None = None,
    reason: str = "",
    score: Decimal | None = None,
) -> StudioAssessment:
    """The assessment's conclusion. The score comes from the reviews round's results when there is a round (its
    judges must have submitted), else from `score` (optional). 合格 / 复核确认: the studio stays (or is again)
    已命名, and a 复核确认 tranche may be paid; 限期整改: 整改中 until `rectify_by`; 摘牌 (only of a studio whose
    rectification failed, with a reason): 已摘牌 with the date and reason."""
    result = AssessmentResult(result)
    assessment = lock(StudioAssessment, pk=assessment.pk)
    studio = lock(InnovationStudio, related=("org",), pk=assessment.studio_id)
    if not can_manage_for(actor, naming_org_of(studio)):
        raise PermissionDenied(_("无权考核该创新工作室"))
    if assessment.result:
        raise ValidationError(_("该考核验收已有结论"))
    if studio.status == StudioStatus.DELISTED:
        raise ValidationError(_("工作室已摘牌"))
    today = timezone.localdate()
    if assessment.review_round_id is not None:
        score = assessment_score(assessment)
        if score is None:
            raise ValidationError(_("评委尚未提交评分，请先在评审页面完成评分"))
    from_state = studio.status
    reason = reason.strip()
    fields = ["status", "updated_at"]
    if result == AssessmentResult.RECTIFY:
        if rectify_by is None or rectify_by <= today:
            raise ValidationError({"rectify_by": _("请填写今天以后的整改期限")})
        studio.status = StudioStatus.RECTIFYING
        studio.rectify_by = rectify_by
        fields.append("rectify_by")
        action = StudioAction.RECTIFY
        note = f"整改期限{rectify_by:%Y-%m-%d}"
    elif result == AssessmentResult.DELIST:
        if not reason:
            raise ValidationError({"reason": _("请填写摘牌原因")})
        if studio.status != StudioStatus.RECTIFYING:
            raise ValidationError({"result": _("须先限期整改，整改不合格方可摘牌")})
        studio.status = StudioStatus.DELISTED
        studio.delisted_on = today
        studio.delist_reason = reason[:500]
        fields += ["delisted_on", "delist_reason"]
        action = StudioAction.DELIST
        note = reason
    else:
        studio.status = StudioStatus.NAMED
        studio.rectify_by = None
        fields.append("rectify_by")
        action = StudioAction.RECONFIRM if result == AssessmentResult.RECONFIRM else StudioAction.ASSESS
        note = f"{assessment.year}年度{assessment.get_kind_display()}：{result.label}"
    studio.save(update_fields=fields)
    assessment.result = result
    assessment.score = score
    assessment.comments = comments.strip()
    assessment.decided_on = today
    assessment.save(update_fields=["result", "score", "comments", "decided_on", "updated_at"])
    studio_event(studio=studio, actor=actor, action=action, from_state=from_state, note=note)
    return assessment


@transaction.atomic
def studio_delist(
    *, studio: InnovationStudio, reason: str, actor: Actor, delisted_on: dt.date | None = None
) -> InnovationStudio:
    """摘牌 without a new assessment: a studio under rectification whose deadline passed without a new innovation
    result (应摘牌), by the union that named it, with a reason."""
    studio = lock(InnovationStudio, related=("org",), pk=studio.pk)
    if not can_manage_for(actor, naming_org_of(studio)):
        raise PermissionDenied(_("无权为该创新工作室摘牌"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写摘牌原因")})
    today = timezone.localdate()
    if studio.status != StudioStatus.RECTIFYING:
        raise ValidationError(_("只有整改中的工作室可以摘牌"))
    if studio.rectify_by is not None and studio.rectify_by >= today:
        raise ValidationError(_("整改期限（%s）未到，不能摘牌") % f"{studio.rectify_by:%Y-%m-%d}")
    if has_new_result(studio):
        raise ValidationError(_("整改期间已报送创新成果，不能摘牌"))
    studio.status = StudioStatus.DELISTED
    studio.delisted_on = delisted_on or today
    studio.delist_reason = reason[:500]
    studio.save(update_fields=["status", "delisted_on", "delist_reason", "updated_at"])
    studio_event(
        studio=studio,
        actor=actor,
        action=StudioAction.DELIST,
        from_state=StudioStatus.RECTIFYING,
        note=reason,
    )
    return studio


def studio_export(
    *, studios: list[InnovationStudio], year: int, actor: Actor, context: AuditContext | None = None
) -> bytes:
    """创新工作室台账 (xlsx, audited): the studios the caller sees on the board with its filters."""
    rows = studio_export_rows(studios, year)
    content = workbook_bytes(
        [
            SheetSpec(
                name="创新工作室", headers=EXPORT_HEADERS, rows=rows, notes=[f"创新工作室台账（{year}年）"]
            )
        ]
    )
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出创新工作室台账（%(n)s 个）") % {"n": len(rows)},
        actor=actor,
        context=context,
        detail={"rows": len(rows)},
    )
    return content
