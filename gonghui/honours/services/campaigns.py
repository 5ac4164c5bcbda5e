"""Writes of the campaign's runner: a campaign (create, edit), its nomination quota (a quotas set owned by the
campaign, allocated down the tree on the quotas pages), start (筹备中 → 进行中 at 基层推荐), advance stage by stage
(refused with the Chinese reasons of `selectors.campaigns.stage_blockers`) and cancel. Keyword-only, actor explicit,
one transaction each; a state change writes the campaign's timeline row (`events.campaign_event`), an edit of its
setup and a cancellation an audit row.

Cancelling releases the quota places the campaign's nominations hold (`quotas.services.quota_release_for_owner`
per nomination): the quotas' used figures then show only live campaigns. The nominations keep their status (the
campaign's record of who was put forward); nothing can be done on them once the campaign is cancelled."""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.ledger.models import BudgetLine
from gonghui.ledger.permissions import VIEW as LEDGER_VIEW
from gonghui.orgs.models import Org
from gonghui.quotas.choices import QuotaSource
from gonghui.quotas.models import QuotaSet
from gonghui.quotas.services import quota_release_for_owner, quota_set_create, quota_set_update

from ..choices import STAGE_ORDER, CampaignAction, CampaignCategory, CampaignStatus, NomineeKind, Stage
from ..events import campaign_event
from ..models import HonourCampaign, Nomination
from ..permissions import MANAGE, can_run_campaign
from ..selectors.campaigns import stage_blockers

OPTIONAL_STAGES: tuple[str, ...] = (Stage.COUNTY_REVIEW, Stage.CITY_REVIEW, Stage.MEETING, Stage.NOTICE)
TITLE_MAX = 200
MATERIAL_MAX = 100
LEVEL_MAX = 100
AMOUNT_MAX = Decimal("9999999999.99")


# ---- checks shared by the services ------------------------------------------------------------------------------


def _require_runner(actor: Actor, campaign: HonourCampaign) -> None:
    if not can_run_campaign(actor, campaign):
        raise PermissionDenied


def clean_stages(optional: Iterable[str]) -> list[str]:
    """基层推荐 and 命名 always, with the chosen optional stages between them, in `STAGE_ORDER` order (基层推荐 and
    命名 may be given too: a campaign's stored stages go back in as they are)."""
    chosen = {str(stage) for stage in optional}
    unknown = chosen - set(OPTIONAL_STAGES) - {Stage.NOMINATE, Stage.NAME}
    if unknown:
        raise ValidationError({"stages": "评选环节只能选择县区审核、市级评审、会议研究、公示"})
    return [stage for stage in STAGE_ORDER if stage in chosen or stage in (Stage.NOMINATE, Stage.NAME)]


def clean_materials(materials: Iterable[str]) -> list[str]:
    """The required materials stripped, blanks dropped, each once, each at most 100 characters."""
    cleaned = list(dict.fromkeys(name.strip() for name in materials if name and name.strip()))
    for number, name in enumerate(cleaned, start=1):
        if len(name) > MATERIAL_MAX:
            raise ValidationError({"materials": f"申报材料第 {number} 项不能超过 {MATERIAL_MAX} 个字"})
    return cleaned


def clean_reward_levels(levels: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Reward levels in order, each {"level": "焦作标兵", "amount": "5000"}: a title or grade named once and an
    amount in yuan ≥ 0 with at most two decimals. Errors name the line (第 N 行) on `reward_levels`."""
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for number, row in enumerate(levels, start=1):
        level = str(row.get("level") or "").strip()
        text = str(row.get("amount") or "").strip()
        problem = ""
        amount: Decimal | None = None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if not level:
            problem = "请填写称号或等次"
        elif len(level) > LEVEL_MAX:
            problem = f"称号或等次不能超过 {LEVEL_MAX} 个字"
        elif level in seen:
            problem = f"称号或等次「{level}」重复"
        elif not text:
            problem = f"请填写「{level}」的奖励金额"
        elif amount is None or not amount.is_finite():
            problem = f"奖励金额“{text}”不是数字"
        elif amount < 0:
            problem = "奖励金额不能小于 0"
        elif amount > AMOUNT_MAX:
            problem = "奖励金额过大"
        elif amount != amount.quantize(Decimal("0.01")):
            problem = "奖励金额最多保留两位小数"
        if problem or amount is None:
            raise ValidationError({"reward_levels": f"第 {number} 行：{problem}"})
        seen.add(level)
        cleaned.append({"level": level, "amount": format(amount.quantize(Decimal("0.01")).normalize(), "f")})
    return cleaned


def _check_budget_line(actor: Actor, org: Org, budget_line: BudgetLine | None) -> None:
    """The reward's budget line must be one of the campaign union's own lines, and one the actor may read."""
    if budget_line is None:
        return
    fund_org = budget_line.fund.org
    if fund_org.pk != org.pk or not has_action(actor, LEDGER_VIEW, fund_org):
        raise ValidationError({"budget_line": "奖励经费须选择主办工会的预算科目"})


def _campaign_fields(
    *,
    title: str,
    year: int,
    category: str,
    nominee_kind: str,
    nomination_deadline: dt.datetime,
    check_deadline: bool,
    materials: Iterable[str],
    optional_stages: Iterable[str],
    reward_levels: Sequence[Mapping[str, Any]],
    quota_total: int | None,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = "请填写评选名称"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"评选名称不能超过 {TITLE_MAX} 个字"
    if not 2000 <= year <= 2100:
        errors["year"] = "年度应为 2000 至 2100 之间的年份"
    if category not in CampaignCategory.values:
        errors["category"] = "请选择评选类别"
    if nominee_kind not in NomineeKind.values:
        errors["nominee_kind"] = "请选择评选对象"
    elif category == CampaignCategory.STUDIO and nominee_kind != NomineeKind.STUDIO:
        errors["nominee_kind"] = "示范性创新工作室评选的评选对象应为“创新工作室”"
    if check_deadline and nomination_deadline <= timezone.now():
        errors["nomination_deadline"] = "推荐截止时间须晚于现在"
    if quota_total is not None and quota_total < 1:
        errors["quota_total"] = "推荐名额至少为 1"
    cleaned: dict[str, Any] = {"title": title}
    cleaners: tuple[tuple[str, Callable[[], Any]], ...] = (
        ("materials", lambda: clean_materials(materials)),
        ("stages", lambda: clean_stages(optional_stages)),
        ("reward_levels", lambda: clean_reward_levels(reward_levels)),
    )
    for field, clean in cleaners:
        try:
            cleaned[field] = clean()
        except ValidationError as exc:
            errors.update({name: str(messages[0]) for name, messages in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return cleaned


def _quota_title(title: str) -> str:
    return f"{title}推荐名额"


def _on_campaign_fields(exc: ValidationError) -> ValidationError:
    """A quotas error on the campaign's form: the set's `total` is `quota_total`, its `issuer` `quota_issuer`."""
    if not hasattr(exc, "error_dict"):
        return exc
    renamed = {"total": "quota_total", "issuer": "quota_issuer", "title": "title"}
    return ValidationError(
        {
            renamed.get(field, field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    )


def _quota_create(
    *, campaign: HonourCampaign, total: int, issuer: str, reference: str, actor: Actor
) -> QuotaSet:
    try:
        return quota_set_create(
            org=campaign.org,
            title=_quota_title(campaign.title),
            total=total,
            source=QuotaSource.ISSUED if issuer.strip() else QuotaSource.LOCAL,
            issuer=issuer,
            received_reference=reference,
            owner=campaign,
            actor=actor,
        )
    except ValidationError as exc:
        raise _on_campaign_fields(exc) from exc


def _wants_stories(category: str, wants_stories: bool | None) -> bool:
    if wants_stories is None:
        return category == CampaignCategory.MOST_BEAUTIFUL
    return wants_stories


# ---- the campaign -----------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    org: Org,
    title: str,
    year: int,
    category: str,
    nominee_kind: str,
    nomination_deadline: dt.datetime,
    actor: Actor,
    criteria: str = "",
    materials: Iterable[str] = (),
    optional_stages: Iterable[str] = (),
    wants_stories: bool | None = None,
    reward_levels: Sequence[Mapping[str, Any]] = (),
    budget_line: BudgetLine | None = None,
    quota_total: int | None = None,
    quota_issuer: str = "",
    quota_reference: str = "",
) -> HonourCampaign:
    """A new campaign (筹备中) run by `org`, which the actor must manage. `optional_stages` are the stages chosen
    besides 基层推荐 and 命名; `wants_stories` None means "by category" (on for 最美). With `quota_total` the
    campaign gets its nomination quota: a quotas set of `org` owned by the campaign (上级下达 when `quota_issuer`
    is given, with `quota_reference` the 来文 number), allocated to the unions below on the quotas pages."""
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied
    fields = _campaign_fields(
        title=title,
        year=year,
        category=category,
        nominee_kind=nominee_kind,
        nomination_deadline=nomination_deadline,
        check_deadline=True,
        materials=materials,
        optional_stages=optional_stages,
        reward_levels=reward_levels,
        quota_total=quota_total,
    )
    _check_budget_line(actor, org, budget_line)
    campaign = HonourCampaign.objects.create(
        org=org,
        year=year,
        category=category,
        nominee_kind=nominee_kind,
        criteria=criteria.strip(),
        nomination_deadline=nomination_deadline,
        wants_stories=_wants_stories(category, wants_stories),
        budget_line=budget_line,
        created_by=actor,
        **fields,
    )
    if quota_total is not None:
        campaign.quota_set = _quota_create(
            campaign=campaign, total=quota_total, issuer=quota_issuer, reference=quota_reference, actor=actor
        )
        campaign.save(update_fields=["quota_set", "updated_at"])
    campaign_event(campaign=campaign, actor=actor, action=CampaignAction.CREATE)
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: HonourCampaign,
    title: str,
    year: int,
    category: str,
    nominee_kind: str,
    nomination_deadline: dt.datetime,
    actor: Actor,
    criteria: str = "",
    materials: Iterable[str] = (),
    optional_stages: Iterable[str] = (),
    wants_stories: bool | None = None,
    reward_levels: Sequence[Mapping[str, Any]] = (),
    budget_line: BudgetLine | None = None,
    quota_total: int | None = None,
    quota_issuer: str = "",
    quota_reference: str = "",
    context: AuditContext | None = None,
) -> HonourCampaign:
    """Edit a campaign. While it is being prepared everything but its union may change; once it runs only the
    title and the criteria (the rest is what the unions nominate against): any other value that differs is
    refused on its field. A named or cancelled campaign does not change. A quota once set stays (its places may
    be in use); its total changes through the quotas block (never below what is allocated)."""
    _require_runner(actor, campaign)
    campaign = lock(HonourCampaign, pk=campaign.pk, related=("org", "quota_set"))
    if campaign.status in (CampaignStatus.NAMED, CampaignStatus.CANCELLED):
        raise ValidationError(f"评选{campaign.get_status_display()}，不能再修改")
    is_draft = campaign.status == CampaignStatus.DRAFT
    fields = _campaign_fields(
        title=title,
        year=year,
        category=category,
        nominee_kind=nominee_kind,
        nomination_deadline=nomination_deadline,
        check_deadline=nomination_deadline != campaign.nomination_deadline,
        materials=materials,
        optional_stages=optional_stages,
        reward_levels=reward_levels,
        quota_total=quota_total,
    )
    _check_budget_line(actor, campaign.org, budget_line)
    quota_set = campaign.quota_set
    stories = _wants_stories(category, wants_stories)
    if not is_draft:
        frozen = {
            "year": (year, campaign.year),
            "category": (category, campaign.category),
            "nominee_kind": (nominee_kind, campaign.nominee_kind),
            "nomination_deadline": (nomination_deadline, campaign.nomination_deadline),
            "materials": (fields["materials"], campaign.materials),
            "stages": (fields["stages"], campaign.stages),
            "wants_stories": (stories, campaign.wants_stories),
            "reward_levels": (fields["reward_levels"], campaign.reward_levels),
            "budget_line": (budget_line.pk if budget_line else None, campaign.budget_line_id),
            "quota_total": (quota_total, quota_set.total if quota_set else None),
        }
        changed = {
            field: "评选已开始，只能修改评选名称和评选条件"
            for field, (new, old) in frozen.items()
            if new != old
        }
        if changed:
            raise ValidationError(changed)
    if quota_set is not None and quota_total is None:
        raise ValidationError({"quota_total": "已设置推荐名额，不能取消；可修改名额总数"})
    if quota_set is not None and (quota_set.source == QuotaSource.ISSUED) != bool(quota_issuer.strip()):
        raise ValidationError({"quota_issuer": "名额来源（本级设定或上级下达）设置后不能更改"})
    before = {"title": campaign.title, "stages": campaign.stages, "criteria": campaign.criteria}
    campaign.title = fields["title"]
    campaign.criteria = criteria.strip()
    if is_draft:
        campaign.year, campaign.category, campaign.nominee_kind = year, category, nominee_kind
        campaign.nomination_deadline = nomination_deadline
        campaign.materials, campaign.stages = fields["materials"], fields["stages"]
        campaign.wants_stories = stories
        campaign.reward_levels = fields["reward_levels"]
        campaign.budget_line = budget_line
        if quota_set is None and quota_total is not None:
            campaign.quota_set = _quota_create(
                campaign=campaign,
                total=quota_total,
                issuer=quota_issuer,
                reference=quota_reference,
                actor=actor,
            )
    if quota_set is not None and quota_total is not None:
        new_title = _quota_title(campaign.title)
        if (quota_total, new_title, quota_issuer.strip(), quota_reference.strip()) != (
            quota_set.total,
            quota_set.title,
            quota_set.issuer,
            quota_set.received_reference,
        ):
            try:
                campaign.quota_set = quota_set_update(
                    quota_set=quota_set,
                    title=new_title,
                    total=quota_total,
                    issuer=quota_issuer,
                    received_reference=quota_reference,
                    actor=actor,
                    context=context,
                )
            except ValidationError as exc:
                raise _on_campaign_fields(exc) from exc
    campaign.save()
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=campaign,
        org_id=campaign.org_id,
        summary=f"修改评选「{campaign.title}」",
        detail={"before": before, "after": {"title": campaign.title, "stages": campaign.stages}},
    )
    return campaign


@transaction.atomic
def campaign_start(*, campaign: HonourCampaign, actor: Actor) -> HonourCampaign:
    """筹备中 → 进行中 at 基层推荐, once the criteria are written and the nomination deadline is still ahead: the
    unions below may nominate (within their quota when one is set)."""
    _require_runner(actor, campaign)
    campaign = lock(HonourCampaign, pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError("只有筹备中的评选可以开始")
    errors = []
    if not campaign.criteria.strip():
        errors.append("请先填写评选条件")
    if campaign.nomination_deadline <= timezone.now():
        errors.append("推荐截止时间已过，请先修改推荐截止时间")
    if errors:
        raise ValidationError(errors)
    campaign.status = CampaignStatus.RUNNING
    campaign.stage = Stage.NOMINATE
    campaign.save(update_fields=["status", "stage", "updated_at"])
    campaign_event(
        campaign=campaign, actor=actor, action=CampaignAction.START, from_state=CampaignStatus.DRAFT
    )
    return campaign


def next_stage(campaign: HonourCampaign) -> str | None:
    """The configured stage after the current one (None at 命名, the last)."""
    stages = [stage for stage in STAGE_ORDER if stage in (campaign.stages or [])]
    if campaign.stage not in stages:
        return None
    index = stages.index(campaign.stage)
    return stages[index + 1] if index + 1 < len(stages) else None


@transaction.atomic
def campaign_advance(
    *,
    campaign: HonourCampaign,
    actor: Actor,
    close_early: bool = False,
    context: AuditContext | None = None,
) -> HonourCampaign:
    """Move a running campaign to its next configured stage, refused with `stage_blockers` (each reason a
    sentence). `close_early` ends 基层推荐 before its deadline (the runner confirms it). 命名 is not left this way:
    naming's `campaign_name` ends the campaign."""
    _require_runner(actor, campaign)
    campaign = lock(HonourCampaign, pk=campaign.pk)
    if campaign.status != CampaignStatus.RUNNING:
        raise ValidationError("只有进行中的评选可以进入下一阶段")
    following = next_stage(campaign)
    if following is None:
        raise ValidationError("命名阶段由“命名”页面完成命名后结束，不能再进入下一阶段")
    blockers = stage_blockers(campaign, close_early=close_early)
    if blockers:
        raise ValidationError(blockers)
    before = str(campaign.stage)
    campaign.stage = following
    campaign.save(update_fields=["stage", "updated_at"])
    note = f"{Stage(before).label} → {Stage(following).label}"
    if before == Stage.NOMINATE and close_early and campaign.nomination_deadline > timezone.now():
        note += "（提前结束推荐）"
    campaign_event(
        campaign=campaign, actor=actor, action=CampaignAction.ADVANCE, from_state=before, note=note
    )
    return campaign


@transaction.atomic
def campaign_cancel(
    *, campaign: HonourCampaign, actor: Actor, reason: str, context: AuditContext | None = None
) -> HonourCampaign:
    """筹备中 or 进行中 → 已撤销, with a reason. The quota places its nominations hold are released (see the
    module docstring); the nominations keep their status."""
    _require_runner(actor, campaign)
    campaign = lock(HonourCampaign, pk=campaign.pk)
    reason = reason.strip()
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.RUNNING):
        raise ValidationError(f"评选{campaign.get_status_display()}，不能撤销")
    if not reason:
        raise ValidationError({"reason": "请填写撤销原因"})
    if len(reason) > 200:
        raise ValidationError({"reason": "撤销原因不能超过 200 个字"})
    before = str(campaign.stage) if campaign.status == CampaignStatus.RUNNING else str(campaign.status)
    campaign.status = CampaignStatus.CANCELLED
    campaign.save(update_fields=["status", "updated_at"])
    released = 0
    for nomination in Nomination.objects.filter(campaign=campaign).order_by("pk"):
        released += quota_release_for_owner(owner=nomination, actor=actor)
    campaign_event(
        campaign=campaign,
        actor=actor,
        action=CampaignAction.CANCEL,
        from_state=before,
        note=reason + (f"；释放推荐名额 {released} 个" if released else ""),
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=campaign,
        org_id=campaign.org_id,
        summary=f"撤销评选「{campaign.title}」：{reason}",
        detail={"released_quota_uses": released},
    )
    return campaign
