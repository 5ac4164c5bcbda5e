"""The campaign: create, edit, 提交审批, 退回, 审批通过 (a second person; the pending total within the budget line), 结束."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.ledger.models import BudgetLine
from gonghui.ledger.selectors import line_remaining
from gonghui.orgs.models import Org

from ...choices import AmountMode, CampaignAction, CampaignStatus, RecipientStatus, ReliefKind
from ...models import ReliefCampaign
from .common import (
    CENT,
    amount_config,
    amount_for,
    clean_fields,
    event,
    line_of,
    require_manage,
    require_status,
)


@transaction.atomic
def relief_campaign_create(
    *,
    org: Org,
    actor: Any,
    name: str,
    year: int,
    budget_line: BudgetLine,
    kind: str = ReliefKind.WARMTH,
    amount_mode: str = AmountMode.FIXED,
    fixed_amount: Any = None,
    category_amounts: dict[str, str] | None = None,
    description: str = "",
    context: AuditContext | None = None,
) -> ReliefCampaign:
    """A DRAFT campaign of `org` (`welfare.care_manage` there), paid from a budget line of a fund of `org` or a
    union above it that the actor manages in the ledger; amounts one standard (`fixed_amount`) or per category."""
    require_manage(actor, org)
    name, kind, year = clean_fields(name, kind, year)
    line = line_of(budget_line, org, actor)
    fixed, categories = amount_config(
        amount_mode=amount_mode, fixed_amount=fixed_amount, category_amounts=category_amounts
    )
    campaign = ReliefCampaign.objects.create(
        org=org,
        name=name,
        kind=kind,
        year=year,
        description=(description or "").strip(),
        budget_line=line,
        amount_mode=amount_mode,
        fixed_amount=fixed,
        category_amounts=categories,
        created_by=actor,
    )
    event(campaign, actor, CampaignAction.CREATE, before=CampaignStatus.DRAFT, note=f"资金来源：{line}")
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("新建送温暖慰问活动“%(name)s”") % {"name": name},
        actor=actor,
        context=context,
        subject=campaign,
        org_id=org.pk,
        detail={"budget_line": line.pk, "amount_mode": amount_mode},
    )
    return campaign


@transaction.atomic
def relief_campaign_update(
    *,
    campaign: ReliefCampaign,
    actor: Any,
    name: str,
    year: int,
    budget_line: BudgetLine,
    kind: str,
    amount_mode: str,
    fixed_amount: Any = None,
    category_amounts: dict[str, str] | None = None,
    description: str = "",
    context: AuditContext | None = None,
) -> ReliefCampaign:
    """Change a DRAFT campaign; the amounts of its people follow the new standard (a person whose category has no
    amount any more is refused, named)."""
    campaign = lock(ReliefCampaign, related=("org",), pk=campaign.pk)
    require_manage(actor, campaign)
    require_status(campaign, CampaignStatus.DRAFT, doing=_("修改"))
    name, kind, year = clean_fields(name, kind, year)
    line = line_of(budget_line, campaign.org, actor)
    fixed, categories = amount_config(
        amount_mode=amount_mode, fixed_amount=fixed_amount, category_amounts=category_amounts
    )
    campaign.name, campaign.kind, campaign.year = name, kind, year
    campaign.description = (description or "").strip()
    campaign.budget_line = line
    campaign.amount_mode, campaign.fixed_amount, campaign.category_amounts = amount_mode, fixed, categories
    people = list(campaign.recipients.select_related("member").exclude(status=RecipientStatus.EXCLUDED))
    missing = [p for p in people if amount_for(campaign, p.category) is None]
    if missing:
        raise ValidationError(
            {
                "category_amounts": _("以下人员的类别没有金额：%(names)s")
                % {"names": "、".join(f"{p.member.name}（{p.category or '未填类别'}）" for p in missing[:10])}
            }
        )
    campaign.save(
        update_fields=[
            "name",
            "kind",
            "year",
            "description",
            "budget_line",
            "amount_mode",
            "fixed_amount",
            "category_amounts",
            "updated_at",
        ]
    )
    for person in people:
        amount = amount_for(campaign, person.category)
        if amount is not None and amount != person.amount:
            person.amount = amount
            person.save(update_fields=["amount", "updated_at"])
    event(campaign, actor, CampaignAction.EDIT, before=campaign.status)
    return campaign


# --- the people -------------------------------------------------------------------------------------------------


def pending_total(campaign: ReliefCampaign) -> Decimal:
    total = Decimal(0)
    for amount in campaign.recipients.filter(status=RecipientStatus.PENDING).values_list("amount", flat=True):
        total += amount
    return total.quantize(CENT)


@transaction.atomic
def relief_submit(*, campaign: ReliefCampaign, actor: Any) -> ReliefCampaign:
    """提交审批: DRAFT → SUBMITTED, with at least one person to pay."""
    campaign = lock(ReliefCampaign, related=("org",), pk=campaign.pk)
    require_manage(actor, campaign)
    require_status(campaign, CampaignStatus.DRAFT, doing=_("提交审批"))
    count = campaign.recipients.filter(status=RecipientStatus.PENDING).count()
    if not count:
        raise ValidationError(_("名单中没有待发放的人员，不能提交审批"))
    before = campaign.status
    campaign.status, campaign.submitted_by = CampaignStatus.SUBMITTED, actor
    campaign.save(update_fields=["status", "submitted_by", "updated_at"])
    event(
        campaign,
        actor,
        CampaignAction.SUBMIT,
        before=before,
        note=_("%(n)d 人，合计 %(t)s 元") % {"n": count, "t": pending_total(campaign)},
    )
    return campaign


def _require_second_person(campaign: ReliefCampaign, actor: Any, doing: str) -> None:
    if campaign.submitted_by_id == actor.pk:
        raise ValidationError(
            _("提交人不能%(doing)s自己提交的活动：请由本会另一位有办理权限的工作人员%(doing)s")
            % {"doing": doing}
        )


@transaction.atomic
def relief_return(*, campaign: ReliefCampaign, actor: Any, reason: str) -> ReliefCampaign:
    """退回: SUBMITTED → DRAFT with a reason, by someone other than the submitter."""
    campaign = lock(ReliefCampaign, related=("org",), pk=campaign.pk)
    require_manage(actor, campaign)
    require_status(campaign, CampaignStatus.SUBMITTED, doing=_("退回"))
    _require_second_person(campaign, actor, _("退回"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退回原因")})
    before = campaign.status
    campaign.status = CampaignStatus.DRAFT
    campaign.save(update_fields=["status", "updated_at"])
    event(campaign, actor, CampaignAction.RETURN, before=before, note=reason)
    return campaign


@transaction.atomic
def relief_approve(*, campaign: ReliefCampaign, actor: Any) -> ReliefCampaign:
    """审批通过: SUBMITTED → APPROVED, by someone other than the submitter, when the pending total fits what the
    budget line has left (both figures named otherwise)."""
    campaign = lock(ReliefCampaign, related=("org", "budget_line__fund__org"), pk=campaign.pk)
    require_manage(actor, campaign)
    require_status(campaign, CampaignStatus.SUBMITTED, doing=_("审批"))
    _require_second_person(campaign, actor, _("审批"))
    total = pending_total(campaign)
    remaining = line_remaining(campaign.budget_line)
    if total > remaining:
        raise ValidationError(
            _("待发放合计 %(total)s 元超出预算科目“%(line)s”的余额 %(remaining)s 元，不能审批通过")
            % {"total": total, "line": campaign.budget_line.purpose, "remaining": remaining}
        )
    before = campaign.status
    campaign.status, campaign.approved_by, campaign.approved_at = (
        CampaignStatus.APPROVED,
        actor,
        timezone.now(),
    )
    campaign.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    event(
        campaign,
        actor,
        CampaignAction.APPROVE,
        before=before,
        note=_("待发放合计 %(total)s 元，预算科目余额 %(remaining)s 元")
        % {"total": total, "remaining": remaining},
    )
    return campaign


# --- payment ----------------------------------------------------------------------------------------------------


@transaction.atomic
def relief_close(*, campaign: ReliefCampaign, actor: Any) -> ReliefCampaign:
    """结束: APPROVED → CLOSED once nobody is 待发放 (pay or exclude them first)."""
    campaign = lock(ReliefCampaign, related=("org",), pk=campaign.pk)
    require_manage(actor, campaign)
    require_status(campaign, CampaignStatus.APPROVED, doing=_("结束"))
    pending = campaign.recipients.filter(status=RecipientStatus.PENDING).count()
    if pending:
        raise ValidationError(_("还有 %(n)d 人待发放：请发放或剔除后再结束活动") % {"n": pending})
    before = campaign.status
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    event(campaign, actor, CampaignAction.CLOSE, before=before)
    return campaign
