"""Bank templates (platform-wide reference data, kept by 系统管理员): the column mapping of a bank's card file (制卡,
read by the card batches) or payment file (代发, read by ledger's payment batches), its checks, and the default card
template created on first use."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import audit_log
from gonghui.core.models import AuditAction

from ..choices import BankTemplateKind
from ..models import CardBankTemplate, CardBatch
from ..permissions import can_manage_card_templates
from ..selectors.cards import card_bank_template_batch_count

# field key → label; the export resolves each key for one application (see _export_value).
CARD_EXPORT_FIELDS: dict[str, str] = {
    "sequence": "序号",
    "name": "姓名",
    "gender": "性别",
    "id_type": "证件类型",
    "id_number": "证件号码（完整）",
    "birth_date": "出生日期",
    "phone": "手机号（完整）",
    "unit_name": "工作单位",
    "org_name": "所属工会",
    "org_code": "工会编码",
    "member_number": "会员编号",
    "mailing_address": "领卡地址",
    "kind": "办卡类型",
    "note": "备注",
    "batch_number": "批次号",
}

# field key → label of a payment file (代发); ledger resolves each key for one payment entry (ledger.services).
PAYMENT_EXPORT_FIELDS: dict[str, str] = {
    "sequence": "序号",
    "payee_name": "户名",
    "bank_account": "银行账号（完整）",
    "bank_name": "开户行",
    "amount": "金额",
    "purpose": "用途",
    "key": "业务编号",
    "org_name": "所属工会",
    "tax_withheld": "已代扣个税",
}
# a payment file the bank can pay from names at least the account and the amount
PAYMENT_REQUIRED_FIELDS: tuple[str, ...] = ("bank_account", "amount")

# the built-in payment layout (ledger's 平台默认代发格式) and the start of a new 代发 template
DEFAULT_PAYMENT_COLUMNS: list[dict[str, str]] = [
    {"header": "序号", "field": "sequence"},
    {"header": "户名", "field": "payee_name"},
    {"header": "账号", "field": "bank_account"},
    {"header": "开户行", "field": "bank_name"},
    {"header": "金额", "field": "amount"},
    {"header": "用途", "field": "purpose"},
    {"header": "业务编号", "field": "key"},
]

EXPORT_FIELDS: dict[str, dict[str, str]] = {
    BankTemplateKind.CARD: CARD_EXPORT_FIELDS,
    BankTemplateKind.PAYMENT: PAYMENT_EXPORT_FIELDS,
}

DEFAULT_TEMPLATE_NAME = "郑州银行（默认）"

DEFAULT_BANK_COLUMNS: list[dict[str, str]] = [
    {"header": "序号", "field": "sequence"},
    {"header": "姓名", "field": "name"},
    {"header": "性别", "field": "gender"},
    {"header": "证件类型", "field": "id_type"},
    {"header": "证件号码", "field": "id_number"},
    {"header": "出生日期", "field": "birth_date"},
    {"header": "手机号", "field": "phone"},
    {"header": "工作单位", "field": "unit_name"},
    {"header": "会员编号", "field": "member_number"},
    {"header": "领卡地址", "field": "mailing_address"},
    {"header": "所属工会", "field": "org_name"},
    {"header": "备注", "field": "note"},
]

TEMPLATE_NOTICE = "列映射须与受理银行最新的制卡文件规范逐项核对后再使用；默认模板仅参照郑州银行的常见格式。"


def card_bank_template_default() -> CardBankTemplate:
    """The default card template; the 郑州银行-style one is created on first use (no data migration needed)."""
    found = (
        CardBankTemplate.objects.filter(is_default=True, kind=BankTemplateKind.CARD).order_by("name").first()
    )
    if found is not None:
        return found
    template, _created = CardBankTemplate.objects.get_or_create(
        name=DEFAULT_TEMPLATE_NAME,
        defaults={"columns": DEFAULT_BANK_COLUMNS, "is_default": True},
    )
    return template


def card_bank_template_list() -> QuerySet[CardBankTemplate]:
    card_bank_template_default()
    return CardBankTemplate.objects.order_by("kind", "-is_default", "name")


def validate_bank_columns(columns: Any, *, kind: str) -> list[dict[str, str]]:
    """The column mapping, checked: a non-empty list of {header, field} with fields of the kind's vocabulary and
    unique headers; a payment (代发) template names the account and the amount."""
    fields = EXPORT_FIELDS[BankTemplateKind(kind)]
    if not isinstance(columns, list) or not columns:
        raise ValidationError({"columns": _("请至少配置一列")})
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for index, item in enumerate(columns, start=1):
        header = str(item.get("header", "")).strip() if isinstance(item, dict) else ""
        key = str(item.get("field", "")).strip() if isinstance(item, dict) else ""
        if not header or len(header) > 30:
            raise ValidationError({"columns": _("第 %(n)d 列：表头不能为空，且不超过30个字") % {"n": index}})
        if key not in fields:
            raise ValidationError(
                {
                    "columns": _("第 %(n)d 列：未知字段“%(f)s”（%(k)s模板没有这个字段）")
                    % {"n": index, "k": BankTemplateKind(kind).label, "f": key}
                }
            )
        if header in seen:
            raise ValidationError({"columns": _("第 %(n)d 列：表头“%(h)s”重复") % {"n": index, "h": header}})
        seen.add(header)
        cleaned.append({"header": header, "field": key})
    if kind == BankTemplateKind.PAYMENT:
        present = {c["field"] for c in cleaned}
        missing = [PAYMENT_EXPORT_FIELDS[f] for f in PAYMENT_REQUIRED_FIELDS if f not in present]
        if missing:
            raise ValidationError(
                {
                    "columns": _("代发模板缺少必需的列：%(m)s")
                    % {"m": "、".join(m.split("（")[0] for m in missing)}
                }
            )
    return cleaned


@transaction.atomic
def card_bank_template_save(
    *,
    actor: Actor,
    name: str,
    columns: Any,
    is_default: bool,
    kind: str = BankTemplateKind.CARD,
    template: CardBankTemplate | None = None,
) -> CardBankTemplate:
    """Create or change a bank template. Its kind (制卡 / 代发) picks the field vocabulary; the default is per kind
    (the card batches use the card default); a template that is a card default or used by card batches stays a
    card template."""
    if not can_manage_card_templates(actor):
        raise PermissionDenied
    kind = BankTemplateKind(kind)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写模板名称")})
    clash = CardBankTemplate.objects.filter(name=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise ValidationError({"name": _("已有同名模板")})
    if template is not None and template.kind != kind:
        used = card_bank_template_batch_count(template)
        if template.is_default or used:
            raise ValidationError({"kind": _("该模板是制卡默认模板或已被制卡批次使用，不能改变用途")})
    cleaned = validate_bank_columns(columns, kind=kind)
    if is_default:
        others = CardBankTemplate.objects.filter(kind=kind)
        if template is not None:
            others = others.exclude(pk=template.pk)
        others.update(is_default=False)
    created = template is None
    if template is None:
        template = CardBankTemplate.objects.create(
            name=name, kind=kind, columns=cleaned, is_default=is_default
        )
    else:
        template.name, template.kind, template.columns, template.is_default = name, kind, cleaned, is_default
        template.save(update_fields=["name", "kind", "columns", "is_default"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=template,
        summary=f"{'新建' if created else '修改'}银行{kind.label}模板 {name}（{len(cleaned)} 列）",
        detail={"columns": cleaned},
    )
    return template


def _template_in_use_error(count: int) -> ValidationError:
    return ValidationError(
        _("该模板已被 %(n)d 个制卡批次使用，不能删除（删除后这些批次将无法按原格式导出）") % {"n": count}
    )


@transaction.atomic
def card_bank_template_delete(*, actor: Actor, template: CardBankTemplate) -> None:
    """Delete a bank template no batch uses (system administrators only; audited). The default template and
    a template of any batch — draft, sent or answered — are refused, so past batches always export in the
    mapping they were made with (the foreign key is PROTECT as well)."""
    if not can_manage_card_templates(actor):
        raise PermissionDenied
    locked = CardBankTemplate.objects.select_for_update().filter(pk=template.pk).first()
    if locked is None:
        raise ValidationError(_("该模板已被删除"))
    if locked.is_default:
        raise ValidationError(_("默认模板不能删除，请先将其他模板设为默认"))
    used = card_bank_template_batch_count(locked)
    if used:
        raise _template_in_use_error(used)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=locked,
        summary=f"删除银行{locked.get_kind_display()}模板 {locked.name}（{len(locked.columns)} 列）",
        detail={"columns": locked.columns},
    )
    try:
        with transaction.atomic():
            locked.delete()
    except (models.ProtectedError, IntegrityError):
        # a batch took the template meanwhile
        raise _template_in_use_error(card_bank_template_batch_count(locked) or 1) from None


def card_batch_columns(batch: CardBatch) -> list[dict[str, str]]:
    template = batch.bank_template or card_bank_template_default()
    return validate_bank_columns(template.columns, kind=BankTemplateKind.CARD)
