"""The payment batch in the bank's layout (full accounts, audited) and the bank's answer file."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, read_rows, write_workbook
from gonghui.core.models import AuditLog
from gonghui.ledger.choices import EntryStatus, PaymentStatus
from gonghui.ledger.models import PaymentResult
from gonghui.ledger.selectors import entry_status
from gonghui.ledger.services import (
    ledger_accountant_export,
    ledger_batch_export,
    ledger_pay,
    ledger_result_record,
    ledger_results_import,
    ledger_reverse,
)

pytestmark = pytest.mark.django_db


def _pay(line, actor, key, amount="100", account="6222021234567890123"):
    return ledger_pay(
        budget_line=line,
        amount=Decimal(amount),
        payee_name=f"会员{key}",
        idempotency_key=key,
        bank_name="郑州银行",
        bank_account=account,
        actor=actor,
    )


def _workbook(headers, rows):
    buffer = io.BytesIO()
    write_workbook(buffer, [SheetSpec(name="结果", headers=headers, rows=rows)])
    return buffer.getvalue()


def test_the_export_lists_the_payments_awaiting_the_bank_with_full_accounts(world, treasurer, line):
    waiting = _pay(line, treasurer, "a", account="6222000011112222")
    reversed_entry = _pay(line, treasurer, "b")
    ledger_reverse(entry=reversed_entry, reason="重复", actor=treasurer)
    paid = _pay(line, treasurer, "c")
    ledger_result_record(entry=paid, status=PaymentStatus.PAID, actor=treasurer)
    failed = _pay(line, treasurer, "d", amount="50")
    ledger_result_record(entry=failed, status=PaymentStatus.FAILED, reason="户名不符", actor=treasurer)

    rows = read_rows(ledger_batch_export(budget_line=line, actor=treasurer))

    assert rows[0] == ["序号", "户名", "账号", "开户行", "金额", "用途", "业务编号"]
    assert [row[1] for row in rows[1:]] == [waiting.payee_name, failed.payee_name]
    assert str(rows[1][2]) == "6222000011112222"
    assert Decimal(str(rows[2][4])) == Decimal("50")
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert audit.org_id == world.org_a.pk
    assert audit.detail == {"rows": 2, "unmasked": True}


def test_the_export_follows_a_given_mapping_and_refuses_unknown_fields(treasurer, line):
    _pay(line, treasurer, "a")
    columns = [{"header": "收款人姓名", "field": "payee_name"}, {"header": "交易金额", "field": "amount"}]
    rows = read_rows(ledger_batch_export(budget_line=line, actor=treasurer, columns=columns))
    assert rows[0] == ["收款人姓名", "交易金额"]
    with pytest.raises(ValidationError, match="未知的字段"):
        ledger_batch_export(
            budget_line=line, actor=treasurer, columns=[{"header": "证件号", "field": "id_number"}]
        )


def test_the_export_needs_manage_and_reveal_on_the_union(world, treasurer, other_treasurer, line, staff_a):
    _pay(line, treasurer, "a")
    for actor in (world.org_member, staff_a, other_treasurer):
        with pytest.raises(PermissionDenied):
            ledger_batch_export(budget_line=line, actor=actor)
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_bank_answer_is_recorded_per_row(treasurer, line):
    first, second = _pay(line, treasurer, "a"), _pay(line, treasurer, "b")
    data = _workbook(["业务编号", "结果", "失败原因"], [["a", "成功", ""], ["b", "失败", "账号不存在"]])
    outcome = ledger_results_import(budget_line=line, data=data, actor=treasurer)
    assert (outcome.paid, outcome.failed) == (1, 1)
    assert entry_status(first) == EntryStatus.PAID
    assert entry_status(second) == EntryStatus.FAILED
    assert PaymentResult.objects.get(entry=second).reason == "账号不存在"


def test_a_bad_answer_file_is_refused_whole_naming_the_rows(treasurer, line):
    _pay(line, treasurer, "a")
    data = _workbook(
        ["业务编号", "结果", "失败原因"],
        [["a", "成功", ""], ["zzz", "成功", ""], ["a", "不知道", ""], ["a", "失败", ""]],
    )
    with pytest.raises(ValidationError) as caught:
        ledger_results_import(budget_line=line, data=data, actor=treasurer)
    assert caught.value.message_dict["file"] == [
        "第3行：业务编号“zzz”不是本预算科目的支付",
        "第4行：结果应为“成功”或“失败”",
        "第5行：支付失败须填写失败原因",
    ]
    assert PaymentResult.objects.count() == 0
    with pytest.raises(ValidationError):
        ledger_results_import(budget_line=line, data=_workbook(["姓名"], [["x"]]), actor=treasurer)


def test_another_unions_treasurer_may_not_import_answers(treasurer, other_treasurer, line):
    _pay(line, treasurer, "a")
    data = _workbook(["业务编号", "结果"], [["a", "成功"]])
    with pytest.raises(PermissionDenied):
        ledger_results_import(budget_line=line, data=data, actor=other_treasurer)
    assert PaymentResult.objects.count() == 0


def test_the_accountant_export_sums_and_lists_what_the_reader_sees(world, treasurer, other_treasurer, line):
    entry = _pay(line, treasurer, "a", amount="300")
    ledger_reverse(entry=entry, reason="重复", actor=treasurer)
    kept = _pay(line, treasurer, "b", amount="120")
    ledger_result_record(entry=kept, status=PaymentStatus.FAILED, reason="户名不符", actor=treasurer)

    content = ledger_accountant_export(actor=treasurer, year=2026)

    summary = read_rows(content, sheet="汇总")
    assert summary[1][:4] == ["甲县第一中学工会", 2026, "本级经费", "春节慰问"]
    assert [Decimal(str(v)) for v in summary[1][4:]] == [Decimal(1000), Decimal(120), Decimal(880)]
    details = read_rows(content, sheet="明细")
    assert [(row[4], row[7], row[9]) for row in details[1:]] == [
        ("会员a", "支付", "待支付"),
        ("会员a", "冲销", "—"),
        ("会员b", "支付", "支付失败"),
    ]
    assert "6222021234567890123" not in str(details)
    assert details[1][5] == "6222***********0123"
    audit = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert audit.detail == {"year": 2026, "lines": 1, "entries": 3}
    assert read_rows(ledger_accountant_export(actor=other_treasurer), sheet="明细") == [details[0]]
    with pytest.raises(PermissionDenied):
        ledger_accountant_export(actor=world.org_member)
