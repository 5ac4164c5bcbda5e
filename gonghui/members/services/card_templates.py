"""Bank templates of the card batches (platform-wide reference data, kept by 系统管理员): the column mapping of the bank's
card file, its checks, and the default template created on first use."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.core.audit import audit_log
from gonghui.core.models import AuditAction

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
    """The default template; the 郑州银行-style one is created on first use (no data migration needed)."""
    found = CardBankTemplate.objects.filter(is_default=True).order_by("name").first()
    if found is not None:
        return found
    template, _created = CardBankTemplate.objects.get_or_create(
        name=DEFAULT_TEMPLATE_NAME,
        defaults={"columns": DEFAULT_BANK_COLUMNS, "is_default": True},
    )
    return template


def card_bank_template_list() -> QuerySet[CardBankTemplate]:
    card_bank_template_default()
    return CardBankTemplate.objects.order_by("-is_default", "name")


def validate_bank_columns(columns: Any) -> list[dict[str, str]]:
    """The column mapping, checked: a non-empty list of {header, field} with known fields and unique headers."""
    if not isinstance(columns, list) or not columns:
        raise ValidationError({"columns": _("请至少配置一列")})
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for index, item in enumerate(columns, start=1):
        header = str(item.get("header", "")).strip() if isinstance(item, dict) else ""
        key = str(item.get("field", "")).strip() if isinstance(item, dict) else ""
        if not header or len(header) > 30:
            raise ValidationError({"columns": _("第 %(n)d 列：表头不能为空，且不超过30个字") % {"n": index}})
        if key not in CARD_EXPORT_FIELDS:
            raise ValidationError({"columns": _("第 %(n)d 列：未知字段“%(f)s”") % {"n": index, "f": key}})
        if header in seen:
            raise ValidationError({"columns": _("第 %(n)d 列：表头“%(h)s”重复") % {"n": index, "h": header}})
        seen.add(header)
        cleaned.append({"header": header, "field": key})
    return cleaned


@transaction.atomic
def card_bank_template_save(
    *,
    actor: Actor,
    name: str,
    columns: Any,
    is_default: bool,
    template: CardBankTemplate | None = None,
) -> CardBankTemplate:
    if not can_manage_card_templates(actor):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写模板名称")})
    clash = CardBankTemplate.objects.filter(name=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise ValidationError({"name": _("已有同名模板")})
    cleaned = validate_bank_columns(columns)
    if is_default:
        others = CardBankTemplate.objects.all()
        if template is not None:
            others = others.exclude(pk=template.pk)
        others.update(is_default=False)
    created = template is None
    if template is None:
        template = CardBankTemplate.objects.create(name=name, columns=cleaned, is_default=is_default)
    else:
        template.name, template.columns, template.is_default = name, cleaned, is_default
        template.save(update_fields=["name", "columns", "is_default"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=template,
        summary=f"{'新建' if created else '修改'}银行制卡模板 {name}（{len(cleaned)} 列）",
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
        summary=f"删除银行制卡模板 {locked.name}（{len(locked.columns)} 列）",
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
    return validate_bank_columns(template.columns)
