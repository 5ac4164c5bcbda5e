"""Writes of the money ledger. Keyword-only, typed, the actor passed; every write is audited in its transaction.

`ledger_pay` takes the budget line's row lock (`core.locking.lock`) before it checks what is left, so two payments
against one line never overspend it, and a repeated idempotency key returns the entry written the first time (no
double pay). `ledger_reverse` corrects an entry with a reversing one. Entries are never changed: a bank's answer
is a new `PaymentResult` (`ledger_result_record`)."""

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.actors import Actor
from gonghui.accounts.identity import decrypt_identifier, encrypt_identifier, mask_identifier
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.excel import Column, SheetSpec, SpreadsheetError, clean_text, read_records, write_workbook
from gonghui.core.locking import lock
from gonghui.members.choices import BankTemplateKind
from gonghui.members.models import CardBankTemplate, Member
from gonghui.members.services.card_templates import (
    DEFAULT_PAYMENT_COLUMNS,
    PAYMENT_EXPORT_FIELDS,
    validate_bank_columns,
)
from gonghui.orgs.models import Org

from .choices import EntryStatus, FundKind, PaymentStatus
from .models import BudgetLine, Fund, LedgerEntry, PaymentResult
from .permissions import VIEW, can_manage_ledger, can_reveal_account
from .selectors import (
    entries_visible_to,
    entries_with_status,
    entry_by_key,
    ledger_totals,
    line_remaining,
    line_spent,
)

CENT = Decimal("0.01")
_ACCOUNT = re.compile(r"^\d{8,32}$")


def _money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT)


def _require_manage(actor: Actor, org: Org) -> None:
    if not can_manage_ledger(actor, org):
        raise PermissionDenied(_("无权管理该工会的资金台账"))


def bank_account_clean(raw: str) -> str:
    """Digits only (spaces and dashes dropped); 8 to 32 digits, else a ValidationError naming the field."""
    account = re.sub(r"[\s-]", "", raw or "")
    if account and not _ACCOUNT.match(account):
        raise ValidationError({"bank_account": _("银行账号应为8至32位数字")})
    return account


@transaction.atomic
def fund_create(
    *, org: Org, kind: FundKind, name: str, year: int, actor: Actor, context: AuditContext | None = None
) -> Fund:
    _require_manage(actor, org)
    if not name.strip():
        raise ValidationError({"name": _("经费名称不能为空")})
    if Fund.objects.filter(org=org, year=year, name=name.strip()).exists():
        raise ValidationError(
            {"name": _("%(year)s年已有名为“%(name)s”的经费") % {"year": year, "name": name}}
        )
    fund = Fund.objects.create(org=org, kind=kind, name=name.strip(), year=year)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"新建经费 {fund}",
        actor=actor,
        context=context,
        subject=fund,
        org_id=org.pk,
        detail={"kind": kind, "year": year},
    )
    return fund


@transaction.atomic
def budget_line_set(
    *, fund: Fund, purpose: str, amount: Decimal, actor: Actor, context: AuditContext | None = None
) -> BudgetLine:
    """Create the fund's line for `purpose`, or change its amount; never below what it has already paid."""
    _require_manage(actor, fund.org)
    purpose = purpose.strip()
    if not purpose:
        raise ValidationError({"purpose": _("用途不能为空")})
    amount = _money(amount)
    if amount < 0:
        raise ValidationError({"amount": _("预算金额不能为负数")})
    existing = BudgetLine.objects.filter(fund=fund, purpose=purpose).values_list("pk", flat=True).first()
    if existing is None:
        line = BudgetLine.objects.create(fund=fund, purpose=purpose, amount=amount)
        before = None
    else:
        line = lock(BudgetLine, pk=existing)
        spent = line_spent(line)
        if amount < spent:
            raise ValidationError({"amount": _("预算金额不能低于已支出的 %(spent)s 元") % {"spent": spent}})
        before = str(line.amount)
        line.amount = amount
        line.save(update_fields=["amount", "updated_at"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"预算科目 {line}：{amount} 元",
        actor=actor,
        context=context,
        subject=line,
        org_id=fund.org_id,
        detail={"before": before, "after": str(amount)},
    )
    return line


def _same_payment(
    entry: LedgerEntry, *, budget_line: BudgetLine, amount: Decimal, payee_name: str
) -> LedgerEntry:
    """The entry a repeated key names, if it is the same payment; a key reused for another payment is an error."""
    if entry.budget_line_id != budget_line.pk or entry.amount != amount or entry.payee_name != payee_name:
        raise ValidationError(
            {
                "idempotency_key": _("该幂等键已用于另一笔支付（%(entry)s），不能用于本次支付")
                % {"entry": entry}
            }
        )
    return entry


@transaction.atomic
def ledger_pay(
    *,
    budget_line: BudgetLine,
    amount: Decimal,
    payee_name: str,
    idempotency_key: str,
    actor: Actor,
    purpose: str = "",
    payee_member: Member | None = None,
    bank_name: str = "",
    bank_account: str = "",
    owner: models.Model | None = None,
    tax_withheld: bool = False,
    context: AuditContext | None = None,
) -> LedgerEntry:
    """Pay `amount` to the payee from the budget line. The line is locked, then what is left is checked: an
    overspend is refused naming the remaining amount. The caller's `idempotency_key` (owner object + payee +
    instalment, see `LedgerEntry`) makes the call safe to repeat: the same key returns the first entry. A failed
    payment keeps its amount spent until it is reversed (`ledger_reverse`), so a budget never pays twice over."""
    _require_manage(actor, budget_line.fund.org)
    amount = _money(amount)
    payee_name = payee_name.strip()
    idempotency_key = idempotency_key.strip()
    if not idempotency_key:
        raise ValidationError({"idempotency_key": _("幂等键不能为空")})
    existing = entry_by_key(idempotency_key)
    if existing is not None:
        return _same_payment(existing, budget_line=budget_line, amount=amount, payee_name=payee_name)
    if amount <= 0:
        raise ValidationError({"amount": _("支付金额必须大于0")})
    if not payee_name:
        raise ValidationError({"payee_name": _("收款人不能为空")})
    account = bank_account_clean(bank_account)
    line = lock(BudgetLine, related=("fund__org",), pk=budget_line.pk)
    _require_manage(actor, line.fund.org)
    existing = entry_by_key(idempotency_key)  # a twin may have committed while this call waited for the lock
    if existing is not None:
        return _same_payment(existing, budget_line=line, amount=amount, payee_name=payee_name)
    remaining = line_remaining(line)
    if amount > remaining:
        raise ValidationError(
            {
                "amount": _("超出预算：“%(line)s”尚余 %(remaining)s 元，本次支付 %(amount)s 元")
                % {"line": line.purpose, "remaining": remaining, "amount": amount}
            }
        )
    fields: dict[str, Any] = {
        "budget_line": line,
        "amount": amount,
        "payee_name": payee_name[:100],
        "payee_member": payee_member,
        "bank_name": bank_name.strip()[:100],
        "bank_account_encrypted": encrypt_identifier(account) if account else "",
        "bank_account_masked": mask_identifier(account) if account else "",
        "purpose": (purpose.strip() or line.purpose)[:200],
        "owner_type": ContentType.objects.get_for_model(owner) if owner is not None else None,
        "owner_id": str(owner.pk) if owner is not None else "",
        "tax_withheld": tax_withheld,
        "created_by": actor,
    }
    try:
        with transaction.atomic():  # a savepoint: a twin under the same key on another line is recoverable
            entry = LedgerEntry.objects.create(idempotency_key=idempotency_key, **fields)
    except IntegrityError:
        twin = entry_by_key(idempotency_key)
        if twin is None:
            raise
        return _same_payment(twin, budget_line=line, amount=amount, payee_name=payee_name)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"台账支付 {payee_name} {amount} 元（{line}）",
        actor=actor,
        context=context,
        subject=entry,
        org_id=line.fund.org_id,
        detail={"key": idempotency_key, "amount": str(amount), "budget_line": line.pk},
    )
    return entry


@transaction.atomic
def ledger_reverse(
    *, entry: LedgerEntry, reason: str, actor: Actor, context: AuditContext | None = None
) -> LedgerEntry:
    """Correct `entry` with a reversing entry of the opposite amount (its key is the entry's key + ":冲销"); the
    reversal gives the amount back to the budget line. An entry is reversed at most once; a reversal is not
    reversed (pay again instead)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写冲销原因")})
    line = lock(BudgetLine, related=("fund__org",), pk=entry.budget_line_id)
    _require_manage(actor, line.fund.org)
    if entry.reverses_id is not None:
        raise ValidationError({"reason": _("冲销记录不能再冲销")})
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError({"reason": _("该笔支付已冲销")})
    reversal = LedgerEntry.objects.create(
        budget_line=line,
        amount=-entry.amount,
        payee_name=entry.payee_name,
        payee_member_id=entry.payee_member_id,
        bank_name=entry.bank_name,
        bank_account_encrypted=entry.bank_account_encrypted,
        bank_account_masked=entry.bank_account_masked,
        purpose=entry.purpose,
        owner_type_id=entry.owner_type_id,
        owner_id=entry.owner_id,
        idempotency_key=f"{entry.idempotency_key}:冲销"[:200],
        tax_withheld=entry.tax_withheld,
        reverses=entry,
        reason=reason[:200],
        created_by=actor,
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"台账冲销 {entry.payee_name} {entry.amount} 元：{reason}",
        actor=actor,
        context=context,
        subject=reversal,
        org_id=line.fund.org_id,
        detail={"reverses": entry.pk, "reason": reason},
    )
    return reversal


@transaction.atomic
def ledger_result_record(
    *,
    entry: LedgerEntry,
    status: PaymentStatus,
    reason: str = "",
    actor: Actor,
    context: AuditContext | None = None,
) -> PaymentResult:
    """Record the bank's answer for an entry (a new row: the latest answer is the entry's status). A failure
    needs its reason."""
    org = entry.budget_line.fund.org
    _require_manage(actor, org)
    reason = reason.strip()
    if status == PaymentStatus.FAILED and not reason:
        raise ValidationError({"reason": _("支付失败须填写原因")})
    if entry.reverses_id is not None:
        raise ValidationError({"status": _("冲销记录没有银行支付结果")})
    result = PaymentResult.objects.create(entry=entry, status=status, reason=reason[:200], imported_by=actor)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"支付结果 {entry.payee_name} {entry.amount} 元：{result.get_status_display()} {reason}".strip(),
        actor=actor,
        context=context,
        subject=entry,
        org_id=org.pk,
        detail={"status": status, "reason": reason},
    )
    return result


@transaction.atomic
def ledger_account_reveal(*, entry: LedgerEntry, actor: Actor, context: AuditContext | None = None) -> str:
    """The entry's full bank account, for a holder of `ledger.reveal`; each reveal is an audit row. The view
    answering with it must be a `core.http.sensitive_response`."""
    org = entry.budget_line.fund.org
    if not can_reveal_account(actor, org):
        raise PermissionDenied(_("无权查看完整银行账号"))
    if not entry.bank_account_encrypted:
        return ""
    audit_log(
        action=AuditAction.REVEAL,
        summary=f"查看银行账号 {entry.payee_name}（{entry.bank_account_masked}）",
        actor=actor,
        context=context,
        subject=entry,
        org_id=org.pk,
    )
    return decrypt_identifier(entry.bank_account_encrypted)


# --- bank files: the payment batch and the bank's answer ------------------------------------------------------

# the payment file's field vocabulary (PAYMENT_EXPORT_FIELDS) and the built-in layout (DEFAULT_PAYMENT_COLUMNS) are
# members' (members.services.card_templates), where a 代发 bank template is saved; the {header, field} mapping shape
# is the card batches' one.
RESULT_COLUMNS = (
    Column("key", "业务编号", aliases=("幂等键", "交易编号", "备注"), required=True),
    Column("status", "结果", aliases=("状态", "处理结果", "交易状态"), required=True),
    Column("reason", "失败原因", aliases=("原因", "备注说明", "错误信息")),
)
_PAID_WORDS = {"成功", "已支付", "支付成功", "已到账", "paid"}
_FAILED_WORDS = {"失败", "支付失败", "退回", "failed"}


def payment_columns_clean(columns: Any) -> list[dict[str, str]]:
    """A {header, field} mapping for the payment file: non-empty, known fields, unique headers."""
    if not isinstance(columns, list) or not columns:
        raise ValidationError({"columns": _("请至少配置一列")})
    headers: set[str] = set()
    for column in columns:
        header = str(column.get("header", "")).strip() if isinstance(column, dict) else ""
        field = column.get("field") if isinstance(column, dict) else None
        if not header or field not in PAYMENT_EXPORT_FIELDS:
            raise ValidationError(
                {"columns": _("列映射中有未知的字段或空列名：%(column)s") % {"column": column}}
            )
        if header in headers:
            raise ValidationError({"columns": _("列名“%(header)s”重复") % {"header": header}})
        headers.add(header)
    return [{"header": str(c["header"]).strip(), "field": str(c["field"])} for c in columns]


def _payment_value(key: str, entry: LedgerEntry, index: int) -> Any:
    values: dict[str, Any] = {
        "sequence": index,
        "payee_name": entry.payee_name,
        "bank_name": entry.bank_name,
        "amount": entry.amount,
        "purpose": entry.purpose,
        "key": entry.idempotency_key,
        "org_name": entry.budget_line.fund.org.name,
        "tax_withheld": "是" if entry.tax_withheld else "否",
    }
    if key == "bank_account":
        return decrypt_identifier(entry.bank_account_encrypted) if entry.bank_account_encrypted else ""
    return values[key]


@dataclass(frozen=True)
class PaymentFile:
    """The bank's payment file (xlsx) and how many payments it lists."""

    content: bytes
    rows: int


def ledger_entries_export(
    *,
    org: Org,
    entries: models.QuerySet[LedgerEntry],
    actor: Actor,
    subject: models.Model,
    label: str,
    columns: list[dict[str, str]] | None = None,
    detail: dict[str, Any] | None = None,
    context: AuditContext | None = None,
) -> PaymentFile:
    """Those of `entries` paid from `org`'s funds that await the bank (not reversed, no answer yet or a failed
    one), oldest first, as the bank's payment file in `columns` (default `DEFAULT_PAYMENT_COLUMNS`). The caller
    picks the set: a budget line's (`ledger_batch_export`), a relief campaign's people. It carries full bank
    accounts, so it needs `ledger.manage` and `ledger.reveal` on `org`, is audited as one export of `subject`
    ("导出支付文件 <label>", `detail` added to the row's), and its view must be a `sensitive_response`."""
    _require_manage(actor, org)
    if not can_reveal_account(actor, org):
        raise PermissionDenied(_("无权导出含完整银行账号的支付文件"))
    mapping = payment_columns_clean(columns if columns is not None else DEFAULT_PAYMENT_COLUMNS)
    awaiting = [
        entry
        for entry in entries_with_status(
            entries.filter(budget_line__fund__org=org, reverses__isnull=True, reversal__isnull=True)
            .select_related("budget_line__fund__org")
            .order_by("created_at", "id")
        )
        if vars(entry)["status"] != EntryStatus.PAID
    ]
    rows = [
        [_payment_value(c["field"], entry, index) for c in mapping] for index, entry in enumerate(awaiting, 1)
    ]
    buffer = io.BytesIO()
    write_workbook(buffer, [SheetSpec(name="支付清单", headers=[c["header"] for c in mapping], rows=rows)])
    audit_log(
        action=AuditAction.EXPORT,
        summary=f"导出支付文件 {label}（{len(rows)} 笔，含完整银行账号）",
        actor=actor,
        context=context,
        subject=subject,
        org_id=org.pk,
        detail={"rows": len(rows), "unmasked": True, **(detail or {})},
    )
    return PaymentFile(content=buffer.getvalue(), rows=len(rows))


def ledger_batch_export(
    *,
    budget_line: BudgetLine,
    actor: Actor,
    columns: list[dict[str, str]] | None = None,
    context: AuditContext | None = None,
) -> bytes:
    """The line's payments awaiting the bank as the bank's payment file (`ledger_entries_export`: full accounts,
    `ledger.manage` and `ledger.reveal` on the union, audited; its view must be a `sensitive_response`)."""
    return ledger_entries_export(
        org=budget_line.fund.org,
        entries=LedgerEntry.objects.filter(budget_line=budget_line),
        actor=actor,
        subject=budget_line,
        label=str(budget_line),
        columns=columns,
        context=context,
    ).content


@dataclass(frozen=True)
class ResultImport:
    paid: int
    failed: int


@dataclass(frozen=True)
class BankAnswer:
    """One row of the bank's answer file: the entry it names, 成功 or 失败, the failure's reason."""

    entry: LedgerEntry
    status: PaymentStatus
    reason: str


def _result_status(raw: Any) -> PaymentStatus | None:
    text = clean_text(raw)
    if text in _PAID_WORDS:
        return PaymentStatus.PAID
    if text in _FAILED_WORDS:
        return PaymentStatus.FAILED
    return None


def ledger_results_read(
    *, entries: models.QuerySet[LedgerEntry], data: bytes, scope: str
) -> list[BankAnswer]:
    """Read the bank's answer file (业务编号, 结果 成功/失败, 失败原因) for the caller's set of `entries` (a budget
    line's, a relief campaign's), writing nothing. All or nothing: a key not among `entries` (a reversal never
    is; the refusal says it is not `scope`, e.g. 本预算科目的支付), an unknown result or a failure without its
    reason refuses the file with every problem named by row; so does a file without answers."""
    try:
        sheet = read_records(data, RESULT_COLUMNS)
    except SpreadsheetError as exc:
        raise ValidationError({"file": str(exc)}) from None
    keys = {clean_text(record["key"]) for _row, record in sheet.records}
    known = {
        entry.idempotency_key: entry
        for entry in entries.filter(reverses__isnull=True, idempotency_key__in=keys).select_related(
            "budget_line__fund__org"
        )
    }
    problems: list[str] = []
    answers: list[BankAnswer] = []
    for row, record in sheet.records:
        key, status, reason = (
            clean_text(record["key"]),
            _result_status(record["status"]),
            clean_text(record.get("reason")),
        )
        if key not in known:
            problems.append(
                _("第%(row)d行：业务编号“%(key)s”不是%(scope)s") % {"row": row, "key": key, "scope": scope}
            )
        elif status is None:
            problems.append(_("第%(row)d行：结果应为“成功”或“失败”") % {"row": row})
        elif status == PaymentStatus.FAILED and not reason:
            problems.append(_("第%(row)d行：支付失败须填写失败原因") % {"row": row})
        else:
            answers.append(BankAnswer(entry=known[key], status=status, reason=reason))
    if problems:
        raise ValidationError({"file": problems})
    if not answers:
        raise ValidationError({"file": _("文件中没有支付结果")})
    return answers


@transaction.atomic
def ledger_results_import(
    *, budget_line: BudgetLine, data: bytes, actor: Actor, context: AuditContext | None = None
) -> ResultImport:
    """Read the bank's answer file for the line's entries (`ledger_results_read`: all or nothing, bad rows
    named) and record one `PaymentResult` per row."""
    _require_manage(actor, budget_line.fund.org)
    answers = ledger_results_read(
        entries=LedgerEntry.objects.filter(budget_line=budget_line), data=data, scope=_("本预算科目的支付")
    )
    for answer in answers:
        ledger_result_record(
            entry=answer.entry, status=answer.status, reason=answer.reason, actor=actor, context=context
        )
    paid = sum(1 for answer in answers if answer.status == PaymentStatus.PAID)
    return ResultImport(paid=paid, failed=len(answers) - paid)


def ledger_accountant_export(
    *, actor: Actor, year: int | None = None, context: AuditContext | None = None
) -> bytes:
    """The workbook for the accountant: 汇总 (one row per visible budget line: union, year, fund, purpose,
    budget, net paid, remaining) and 明细 (every visible entry with its status; bank accounts masked). Audited
    as an export; its view must be a `sensitive_response`."""
    if not has_action_anywhere(actor, VIEW):
        raise PermissionDenied(_("无权导出资金台账"))
    totals = ledger_totals(actor, year=year)
    entries = entries_visible_to(actor).order_by("created_at", "id")
    if year is not None:
        entries = entries.filter(budget_line__fund__year=year)
    labels = dict(EntryStatus.choices)
    details = [
        [
            entry.created_at.date(),
            entry.budget_line.fund.org.name,
            entry.budget_line.fund.name,
            entry.budget_line.purpose,
            entry.payee_name,
            entry.bank_account_masked,
            entry.amount,
            "冲销" if entry.reverses_id else "支付",
            entry.reason,
            "—" if entry.reverses_id else labels[vars(entry)["status"]],
            vars(entry)["status_reason"],
            "是" if entry.tax_withheld else "否",
            entry.idempotency_key,
        ]
        for entry in entries
    ]
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        [
            SheetSpec(
                name="汇总",
                headers=["工会", "年度", "经费", "用途", "预算", "已支出", "余额"],
                rows=[
                    [t.org_name, t.year, t.fund_name, t.purpose, t.budget, t.spent, t.remaining]
                    for t in totals
                ],
            ),
            SheetSpec(
                name="明细",
                headers=[
                    "日期",
                    "工会",
                    "经费",
                    "用途",
                    "收款人",
                    "账号",
                    "金额",
                    "类型",
                    "冲销原因",
                    "支付状态",
                    "失败原因",
                    "已代扣个税",
                    "业务编号",
                ],
                rows=details,
            ),
        ],
    )
    audit_log(
        action=AuditAction.EXPORT,
        summary=f"导出资金台账（{len(totals)} 个预算科目，{len(details)} 笔）",
        actor=actor,
        context=context,
        detail={"year": year, "lines": len(totals), "entries": len(details)},
    )
    return buffer.getvalue()


# --- saved bank templates: the 代发 (PAYMENT) `members.CardBankTemplate`s, read as payment layouts -------------

DEFAULT_LAYOUT = "default"
DEFAULT_LAYOUT_NAME = "平台默认代发格式"


@dataclass(frozen=True)
class PaymentLayout:
    """A column layout for the payment file: the built-in default, or a saved 代发 bank template (`template:<pk>`)."""

    key: str
    name: str
    columns: list[dict[str, str]]


def payment_layouts() -> list[PaymentLayout]:
    """The layouts a payment file may be exported in: the built-in default, then every saved 代发 (PAYMENT) bank
    template of members (its default first, then by name); a template whose columns no longer pass is left out."""
    layouts = [PaymentLayout(key=DEFAULT_LAYOUT, name=DEFAULT_LAYOUT_NAME, columns=DEFAULT_PAYMENT_COLUMNS)]
    templates = CardBankTemplate.objects.filter(kind=BankTemplateKind.PAYMENT).order_by("-is_default", "name")
    for template in templates:
        try:
            columns = validate_bank_columns(template.columns, kind=BankTemplateKind.PAYMENT)
        except ValidationError:
            continue
        layouts.append(PaymentLayout(key=f"template:{template.pk}", name=template.name, columns=columns))
    return layouts
