"""Writes of 帮扶救助 (part `aid`): an aid occasion of a filed household paid through the ledger, the export in the
national 帮扶 system's columns (audited) and its saved column layouts.

One aid occasion pays once: `aid_record` takes the file's row lock, returns the record already written for the same
kind and occasion (a double click) or refuses it when the amount or budget line differ, and pays through
`ledger.ledger_pay` under the key `welfare-aid:<file public id>:<kind>:<occasion>`, owned by the record, in the
same transaction (an overspend leaves nothing behind). A wrong or failed payment is corrected in the ledger
(`ledger_reverse`, from the entry's page the aid row links to); the household is then paid again under a new
occasion name, e.g. "2026年春节（补发）" — the unique constraint `welfare_one_aid_per_occasion` keeps one record
per (file, kind, occasion), so a reversed record stays as the history of what went wrong."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.identity import decrypt_identifier
from gonghui.accounts.scoping import has_action, has_action_anywhere
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.ledger.models import BudgetLine
from gonghui.ledger.selectors import payee_latest_entry
from gonghui.ledger.services import ledger_pay
from gonghui.orgs.models import Org

from ..choices import AidKind, FileAction, FileStatus
from ..events import file_event
from ..models import AidExportLayout, AidRecord, HardshipFile
from ..permissions import MANAGE, REVEAL, can_handle_file
from ..selectors.aid import (
    AidFilters,
    aid_list_for_user,
    export_layout,
    line_belongs_to_file,
)
from ..spreadsheets.aid import AID_EXPORT_FIELDS, aid_workbook

CENT = Decimal("0.01")
# The ledger is read by the union's admins and accountants, who must not learn a member's hardship class or the
# kind of aid: every aid payment carries this one neutral purpose (the kind and occasion stay in welfare).
LEDGER_PURPOSE = "帮扶救助"
OCCASION_MAX = 100


def aid_key(file: HardshipFile, kind: str, occasion: str) -> str:
    """The ledger's idempotency key of one aid occasion."""
    return f"welfare-aid:{file.public_id}:{kind}:{occasion}"


def _amount(raw: Any) -> Decimal:
    try:
        amount = Decimal(raw).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"amount": _("请填写救助金额")}) from None
    if amount <= 0:
        raise ValidationError({"amount": _("救助金额必须大于0")})
    return amount


@transaction.atomic
def aid_record(
    *,
    file: HardshipFile,
    actor: Any,
    kind: str,
    occasion: str,
    amount: Decimal,
    budget_line: BudgetLine,
    note: str = "",
    bank_name: str = "",
    bank_account: str = "",
    context: AuditContext | None = None,
) -> AidRecord:
    """Record and pay one aid occasion of a FILED file from `budget_line` (a fund of the file's union or a union
    above it). Needs `welfare.manage` on the file's union and the ledger's `ledger.manage` on the fund's union
    (checked by `ledger_pay`). Without a bank account the payee's latest ledger account is used; with none on
    record one is required. The same kind and occasion again returns the first record (same amount and line) or
    is refused."""
    file = lock(HardshipFile, related=("org", "applicant"), pk=file.pk)
    if not can_handle_file(actor, file):
        raise PermissionDenied(_("无权为该档案登记帮扶救助"))
    if kind not in AidKind.values:
        raise ValidationError({"kind": _("请选择救助类别")})
    occasion = " ".join((occasion or "").split())
    if not occasion:
        raise ValidationError({"occasion": _("请填写救助事由，如“2026年春节”")})
    if len(occasion) > OCCASION_MAX:
        raise ValidationError({"occasion": _("救助事由不能超过 %(n)d 个字") % {"n": OCCASION_MAX}})
    amount = _amount(amount)
    existing = AidRecord.objects.filter(file=file, kind=kind, occasion=occasion).first()
    if existing is not None:
        if existing.amount == amount and existing.budget_line_id == budget_line.pk:
            return existing  # the same submission again (a double click): paid once
        raise ValidationError(
            {
                "occasion": _(
                    "该档案已登记过“%(kind)s · %(occasion)s”（%(amount)s 元），同一事由只发放一次；"
                    "如原发放已在资金台账冲销需补发，请使用新的事由名称，如“%(occasion)s（补发）”"
                )
                % {"kind": AidKind(kind).label, "occasion": occasion, "amount": existing.amount}
            }
        )
    if file.status != FileStatus.FILED:
        raise ValidationError(
            _("只有已建档的困难职工档案可以登记帮扶救助（当前：%(s)s）") % {"s": file.get_status_display()}
        )
    line = BudgetLine.objects.select_related("fund__org").get(pk=budget_line.pk)
    if not line_belongs_to_file(line, file):
        raise ValidationError({"budget_line": _("只能从本会或上级工会的经费中支付")})
    if not bank_account.strip():
        latest = payee_latest_entry(actor, file.applicant)
        if latest is None:
            raise ValidationError({"bank_account": _("请填写收款银行账号（该会员在资金台账中还没有账号）")})
        bank_account = decrypt_identifier(latest.bank_account_encrypted)
        bank_name = bank_name.strip() or latest.bank_name
    record = AidRecord.objects.create(
        file=file,
        org=line.fund.org,
        kind=kind,
        occasion=occasion,
        year=timezone.localdate().year,
        amount=amount,
        budget_line=line,
        note=note.strip()[:200],
        recorded_by=actor,
    )
    entry = ledger_pay(
        budget_line=line,
        amount=amount,
        payee_name=file.applicant.name,
        payee_member=file.applicant,
        idempotency_key=aid_key(file, kind, occasion),
        purpose=LEDGER_PURPOSE,
        bank_name=bank_name,
        bank_account=bank_account,
        owner=record,
        actor=actor,
        context=context,
    )
    record.ledger_entry = entry
    record.save(update_fields=["ledger_entry", "updated_at"])
    # amounts of aid are not sealed data: the timeline names kind, occasion and amount
    file_event(
        file=file,
        actor=actor,
        action=FileAction.AID,
        from_state=file.status,
        note=f"{record.get_kind_display()} · {occasion} · {amount} 元",
    )
    return record


def aid_export(
    *, actor: Any, filters: AidFilters, layout_key: str, context: AuditContext | None = None
) -> tuple[bytes, str]:
    """The filtered aid (reversed aid left out) as xlsx in a layout, with the file name. Full names and ID numbers
    are what the national system needs: only the files where the actor holds `welfare.reveal` are written, the
    export is audited, and its view must be a `sensitive_response`."""
    if not has_action_anywhere(actor, REVEAL):
        raise PermissionDenied(_("导出含完整姓名和身份证号的帮扶数据需要查看敏感信息的权限"))
    layout = export_layout(actor, layout_key)
    if layout is None:
        raise ValidationError({"layout": _("请选择导出格式")})
    records = (
        aid_list_for_user(actor, filters, action=REVEAL)
        .filter(ledger_entry__reversal__isnull=True)
        .order_by("created_at", "pk")
    )
    content, count = aid_workbook(records.iterator(chunk_size=500), layout)
    audit_log(
        action=AuditAction.EXPORT,
        summary=_("导出帮扶救助记录：%(layout)s（%(n)s 条，含完整姓名和身份证号%(mark)s）")
        % {"layout": layout.name, "n": count, "mark": "" if layout.verified else "，格式未经核对"},
        actor=actor,
        context=context,
        detail={
            "rows": count,
            "layout": layout.key,
            "verified": layout.verified,
            "unmasked": True,
            "filters": {k: v for k, v in vars(filters).items() if v},
        },
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"帮扶救助-{stamp}.xlsx" if layout.verified else f"帮扶救助-未核对-{stamp}.xlsx"
    return content, name


# --- export layouts -------------------------------------------------------------------------------------------


def aid_columns_clean(columns: Any) -> list[dict[str, str]]:
    """A layout's columns: a non-empty list of {"key": a known field, "title": a unique, non-empty title}."""
    if not isinstance(columns, list) or not columns:
        raise ValidationError({"columns": _("请至少配置一列")})
    cleaned: list[dict[str, str]] = []
    titles: set[str] = set()
    for number, column in enumerate(columns, start=1):
        key = str(column.get("key", "")).strip() if isinstance(column, dict) else ""
        title = str(column.get("title", "")).strip() if isinstance(column, dict) else ""
        if key not in AID_EXPORT_FIELDS:
            raise ValidationError(
                {"columns": _("第 %(n)d 列的字段“%(key)s”不可用") % {"n": number, "key": key}}
            )
        if not title:
            raise ValidationError({"columns": _("第 %(n)d 列没有列标题") % {"n": number}})
        if title in titles:
            raise ValidationError({"columns": _("列标题“%(t)s”重复") % {"t": title}})
        titles.add(title)
        cleaned.append({"key": key, "title": title[:50]})
    return cleaned


@transaction.atomic
def aid_layout_save(
    *,
    actor: Any,
    name: str,
    columns: Any,
    verified: bool = False,
    verified_note: str = "",
    org: Org | None = None,
    layout: AidExportLayout | None = None,
    context: AuditContext | None = None,
) -> AidExportLayout:
    """Create a layout for `org`, or change `layout`. Needs `welfare.manage` on the union. `verified` (checked
    against the national system) needs a note saying who checked it and when (`verified_at` is when that note was
    recorded); changing the columns of a verified layout needs a new check (a new note) or unticks it."""
    if layout is not None:
        layout = lock(AidExportLayout, related=("org",), pk=layout.pk)
        org = layout.org
    if org is None:
        raise ValidationError({"org": _("请选择所属工会")})
    if not has_action(actor, MANAGE, org):
        raise PermissionDenied(_("无权维护该工会的帮扶数据导出格式"))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写格式名称")})
    duplicate = AidExportLayout.objects.filter(org=org, name=name)
    if layout is not None:
        duplicate = duplicate.exclude(pk=layout.pk)
    if duplicate.exists():
        raise ValidationError({"name": _("本会已有名为“%(name)s”的导出格式") % {"name": name}})
    cleaned = aid_columns_clean(columns)
    verified_note = verified_note.strip()[:200] if verified else ""
    if verified and not verified_note:
        raise ValidationError({"verified_note": _("勾选“已核对”须写明核对人和核对时间")})
    if (
        verified
        and layout is not None
        and layout.verified
        and cleaned != layout.columns
        and verified_note == layout.verified_note
    ):
        raise ValidationError({"verified_note": _("列已修改：请重新与全国帮扶系统核对，并更新核对说明")})
    fields: dict[str, Any] = {
        "name": name,
        "columns": cleaned,
        "verified": verified,
        "verified_note": verified_note,
        "updated_by": actor,
    }
    before = None
    if layout is None:
        layout = AidExportLayout.objects.create(
            org=org, verified_at=timezone.now() if verified else None, **fields
        )
    else:
        before = {
            "name": layout.name,
            "columns": layout.columns,
            "verified": layout.verified,
            "verified_note": layout.verified_note,
        }
        if not verified:
            fields["verified_at"] = None
        elif verified_note != layout.verified_note or not layout.verified:
            fields["verified_at"] = timezone.now()  # the check recorded now
        for field, value in fields.items():
            setattr(layout, field, value)
        layout.save(update_fields=[*fields, "updated_at"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=_("帮扶数据导出格式 %(name)s（%(org)s）%(mark)s")
        % {"name": name, "org": org.name, "mark": "：已与全国帮扶系统核对" if verified else ""},
        actor=actor,
        context=context,
        subject=layout,
        org_id=org.pk,
        detail={"before": before, "columns": cleaned, "verified": verified, "verified_note": verified_note},
    )
    return layout
