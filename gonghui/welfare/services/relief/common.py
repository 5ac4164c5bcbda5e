"""Shared helpers of the relief services: checks, amounts, the ledger key, the timeline row."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import has_action
from gonghui.core.excel import Column
from gonghui.core.timeline import timeline_record
from gonghui.ledger.models import BudgetLine, LedgerEntry
from gonghui.ledger.permissions import can_manage_ledger
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from ...choices import AmountMode, CampaignAction, RecipientStatus, ReliefKind
from ...models import ReliefCampaign
from ...permissions import CARE_MANAGE

CENT = Decimal("0.01")
NAME_MAX = 100
CATEGORY_MAX = 50
REASON_MAX = 200
IMPORT_MAX_ROWS = 5000
# the statuses of a person who has (or had) a live ledger entry
PAID_STATUSES = (RecipientStatus.PAID, RecipientStatus.CONFIRMED, RecipientStatus.FAILED)
# people counted in a campaign's totals (an excluded person is not)
COUNTED_STATUSES = (RecipientStatus.PENDING, *PAID_STATUSES, RecipientStatus.REVERSED)

IMPORT_COLUMNS = (
    Column("name", "姓名", required=True, help="与会员名册一致，用于核对"),
    Column(
        "phone", "手机号", aliases=("手机号码", "手机", "联系电话"), help="11位手机号；与会员编号至少填一项"
    ),
    Column("member_number", "会员编号", aliases=("会员号",), help="会员编号；都填时按会员编号匹配"),
    Column("category", "类别", aliases=("慰问类别", "人员类别"), help="按类别发放时必填，须与活动的类别一致"),
)


def relief_key(campaign: ReliefCampaign, member: Member, attempt: int) -> str:
    """The ledger's idempotency key of one person's payment in a campaign (one per attempt)."""
    return f"welfare-relief:{campaign.public_id}:{member.public_id}:{attempt}"


# --- checks -----------------------------------------------------------------------------------------------------


def require_manage(actor: Any, campaign_or_org: ReliefCampaign | Org) -> None:
    org = campaign_or_org.org if isinstance(campaign_or_org, ReliefCampaign) else campaign_or_org
    if not has_action(actor, CARE_MANAGE, org):
        raise PermissionDenied(_("无权办理该工会的送温暖慰问活动"))


def require_status(campaign: ReliefCampaign, *allowed: str, doing: str) -> None:
    if campaign.status not in allowed:
        raise ValidationError(
            _("该活动当前状态为“%(s)s”，不能%(doing)s") % {"s": campaign.get_status_display(), "doing": doing}
        )


def money(raw: Any, *, field_name: str, label: str) -> Decimal:
    try:
        amount = Decimal(str(raw).strip()).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field_name: _("%(label)s请填写金额数字") % {"label": label}}) from None
    if amount <= 0:
        raise ValidationError({field_name: _("%(label)s必须大于0") % {"label": label}})
    return amount


def amount_config(
    *, amount_mode: str, fixed_amount: Any, category_amounts: dict[str, str] | None
) -> tuple[Decimal | None, dict[str, str]]:
    if amount_mode == AmountMode.FIXED:
        if fixed_amount in (None, ""):
            raise ValidationError({"fixed_amount": _("统一标准须填写每人金额")})
        return money(fixed_amount, field_name="fixed_amount", label=_("每人金额")), {}
    if amount_mode == AmountMode.CATEGORY:
        cleaned = {
            str(k).strip(): str(money(v, field_name="category_amounts", label=str(k)))
            for k, v in (category_amounts or {}).items()
        }
        if not cleaned:
            raise ValidationError({"category_amounts": _("按类别发放须至少填写一个“类别=金额”")})
        return None, cleaned
    raise ValidationError({"amount_mode": _("请选择金额方式")})


def amount_for(campaign: ReliefCampaign, category: str) -> Decimal | None:
    """The amount of a person of `category` in the campaign (None: a category the campaign has no amount for)."""
    if campaign.amount_mode == AmountMode.FIXED:
        return campaign.fixed_amount
    raw = campaign.category_amounts.get(category)
    return Decimal(raw).quantize(CENT) if raw is not None else None


def line_of(budget_line: BudgetLine, org: Org, actor: Any) -> BudgetLine:
    line = BudgetLine.objects.select_related("fund__org").get(pk=budget_line.pk)
    if not org.path.startswith(line.fund.org.path):
        raise ValidationError({"budget_line": _("只能使用本会或上级工会经费的预算科目")})
    if not can_manage_ledger(actor, line.fund.org):
        raise ValidationError({"budget_line": _("您无权管理该预算科目所属工会的资金台账")})
    return line


def event(
    campaign: ReliefCampaign, actor: Any, action: CampaignAction, *, before: str = "", note: str = ""
) -> None:
    timeline_record(
        subject=campaign,
        actor=actor,
        action=str(action),
        action_label=str(action.label),
        from_state=before if before != campaign.status else "",
        to_state=str(campaign.status) if before != campaign.status else "",
        note=note[:500],
    )


# --- the campaign -----------------------------------------------------------------------------------------------


def clean_fields(name: str, kind: str, year: int) -> tuple[str, str, int]:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("请填写活动名称")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("活动名称不能超过 %(n)d 个字") % {"n": NAME_MAX}})
    if kind not in ReliefKind.values:
        raise ValidationError({"kind": _("请选择类别")})
    if not (2000 <= int(year) <= 2100):
        raise ValidationError({"year": _("请填写正确的年度")})
    return name, kind, int(year)


def is_live(entry_id: int | None) -> bool:
    return entry_id is not None and not LedgerEntry.objects.filter(reverses_id=entry_id).exists()
