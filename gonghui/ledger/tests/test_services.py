from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.ledger.choices import EntryStatus, FundKind, PaymentStatus
from gonghui.ledger.models import BudgetLine, LedgerEntry, PaymentResult
from gonghui.ledger.selectors import (
    entries_visible_to,
    entry_status,
    ledger_totals,
    line_remaining,
)
from gonghui.ledger.services import (
    budget_line_set,
    fund_create,
    ledger_account_reveal,
    ledger_pay,
    ledger_result_record,
    ledger_reverse,
)

from .factories import make_line

pytestmark = pytest.mark.django_db


def _pay(line, actor, *, key="visit:1:member:1", amount="300", **extra):
    return ledger_pay(
        budget_line=line,
        amount=Decimal(amount),
        payee_name="甲会员",
        idempotency_key=key,
        actor=actor,
        **extra,
    )


def test_a_payment_is_written_with_the_account_encrypted_and_masked_and_audited(world, treasurer, line):
    entry = _pay(
        line,
        treasurer,
        payee_member=world.member_a,
        bank_name="郑州银行",
        bank_account="6222 0212 3456 7890 123",
        owner=world.member_a,
        tax_withheld=True,
    )
    assert entry.amount == Decimal("300.00")
    assert entry.purpose == "春节慰问"
    assert entry.bank_account_masked == "6222***********0123"
    assert "6222021234567890123" not in entry.bank_account_encrypted
    assert decrypt_identifier(entry.bank_account_encrypted) == "6222021234567890123"
    assert entry.owner == world.member_a
    assert entry.tax_withheld is True
    assert entry.created_by == treasurer
    audit = AuditLog.objects.get(object_id=str(entry.pk), action=AuditAction.ADMIN_EDIT)
    assert audit.org_id == world.org_a.pk
    assert "6222021234567890123" not in str(audit.detail) + audit.summary
    assert line_remaining(line) == Decimal("700.00")


def test_an_overspend_is_refused_naming_what_is_left(treasurer, line):
    _pay(line, treasurer, key="a", amount="900")
    with pytest.raises(ValidationError) as caught:
        _pay(line, treasurer, key="b", amount="100.01")
    assert caught.value.message_dict["amount"] == ["超出预算：“春节慰问”尚余 100.00 元，本次支付 100.01 元"]
    assert LedgerEntry.objects.count() == 1
    assert _pay(line, treasurer, key="c", amount="100").amount == Decimal("100.00")
    assert line_remaining(line) == 0


def test_a_repeated_key_returns_the_first_entry_and_pays_once(treasurer, line):
    first = _pay(line, treasurer)
    again = _pay(line, treasurer)
    assert again.pk == first.pk
    assert LedgerEntry.objects.count() == 1
    assert line_remaining(line) == Decimal("700.00")


def test_a_key_reused_for_another_payment_is_refused(treasurer, line):
    _pay(line, treasurer)
    with pytest.raises(ValidationError) as caught:
        _pay(line, treasurer, amount="200")
    assert "幂等键已用于另一笔支付" in caught.value.message_dict["idempotency_key"][0]
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "extra", "message"),
    [
        ("amount", {"amount": "0"}, "支付金额必须大于0"),
        ("amount", {"amount": "-3"}, "支付金额必须大于0"),
        ("idempotency_key", {"key": "  "}, "幂等键不能为空"),
        ("bank_account", {"bank_account": "12ab"}, "银行账号应为8至32位数字"),
    ],
)
def test_bad_input_is_refused_naming_the_field(treasurer, line, field, extra, message):
    with pytest.raises(ValidationError) as caught:
        _pay(line, treasurer, **extra)
    assert caught.value.message_dict[field] == [message]
    assert LedgerEntry.objects.count() == 0


def test_a_member_and_another_unions_treasurer_may_not_pay(world, other_treasurer, line, staff_a):
    for actor in (world.org_member, staff_a, other_treasurer):
        with pytest.raises(PermissionDenied):
            _pay(line, actor)
    assert LedgerEntry.objects.count() == 0


def test_a_repeated_key_gives_nothing_to_someone_who_may_not_pay(
    world, treasurer, other_treasurer, line, staff_a
):
    _pay(line, treasurer)
    for actor in (world.org_member, staff_a, other_treasurer):
        with pytest.raises(PermissionDenied):
            _pay(line, actor)
    assert LedgerEntry.objects.count() == 1


def test_a_reversal_gives_the_amount_back_once(treasurer, line):
    entry = _pay(line, treasurer)
    reversal = ledger_reverse(entry=entry, reason="收款人信息有误", actor=treasurer)
    assert reversal.amount == Decimal("-300.00")
    assert reversal.reverses == entry
    assert reversal.idempotency_key == "visit:1:member:1:冲销"
    assert reversal.reason == "收款人信息有误"
    assert line_remaining(line) == Decimal("1000.00")
    with pytest.raises(ValidationError, match="已冲销"):
        ledger_reverse(entry=entry, reason="再来", actor=treasurer)
    with pytest.raises(ValidationError, match="不能再冲销"):
        ledger_reverse(entry=reversal, reason="再来", actor=treasurer)
    with pytest.raises(ValidationError, match="冲销原因"):
        ledger_reverse(entry=_pay(line, treasurer, key="x"), reason=" ", actor=treasurer)
    assert LedgerEntry.objects.count() == 3
    assert AuditLog.objects.filter(object_id=str(reversal.pk), summary__contains="台账冲销").exists()


def test_another_unions_treasurer_may_not_reverse(treasurer, other_treasurer, line):
    entry = _pay(line, treasurer)
    with pytest.raises(PermissionDenied):
        ledger_reverse(entry=entry, reason="错", actor=other_treasurer)
    assert LedgerEntry.objects.count() == 1


def test_the_latest_bank_answer_is_the_status(treasurer, line):
    entry = _pay(line, treasurer)
    assert entry_status(entry) == EntryStatus.PENDING
    with pytest.raises(ValidationError, match="须填写原因"):
        ledger_result_record(entry=entry, status=PaymentStatus.FAILED, actor=treasurer)
    ledger_result_record(entry=entry, status=PaymentStatus.FAILED, reason="户名不符", actor=treasurer)
    assert entry_status(entry) == EntryStatus.FAILED
    listed = vars(entries_visible_to(treasurer).get(pk=entry.pk))  # the annotations
    assert (listed["status"], listed["status_reason"]) == (EntryStatus.FAILED, "户名不符")
    ledger_result_record(entry=entry, status=PaymentStatus.PAID, actor=treasurer)
    assert entry_status(entry) == EntryStatus.PAID
    assert PaymentResult.objects.count() == 2


def test_reveal_needs_the_action_and_is_audited(world, treasurer, other_treasurer, line, staff_a):
    entry = _pay(line, treasurer, bank_account="6222021234567890123")
    for actor in (world.org_member, staff_a, other_treasurer):
        with pytest.raises(PermissionDenied):
            ledger_account_reveal(entry=entry, actor=actor)
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()
    assert ledger_account_reveal(entry=entry, actor=treasurer) == "6222021234567890123"
    reveal = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert reveal.actor == treasurer
    assert "6222021234567890123" not in reveal.summary


def test_entries_are_listed_only_inside_the_readers_subtree(world, treasurer, other_treasurer, line):
    entry = _pay(line, treasurer)
    assert list(entries_visible_to(treasurer)) == [entry]
    assert list(entries_visible_to(other_treasurer)) == []
    assert list(entries_visible_to(world.org_member)) == []


def test_totals_by_union_fund_and_purpose(world, treasurer, other_treasurer, line):
    second = make_line(world.org_a, amount="500", purpose="困难帮扶")
    entry = _pay(line, treasurer, amount="300")
    _pay(line, treasurer, key="k2", amount="100")
    ledger_reverse(entry=entry, reason="重复", actor=treasurer)
    _pay(second, treasurer, key="k3", amount="50")
    totals = {
        (t.org_name, t.fund_name, t.purpose): (t.budget, t.spent, t.remaining)
        for t in ledger_totals(treasurer)
    }
    assert totals == {
        ("甲县第一中学工会", "本级经费", "春节慰问"): (
            Decimal("1000.00"),
            Decimal("100.00"),
            Decimal("900.00"),
        ),
        ("甲县第一中学工会", "本级经费", "困难帮扶"): (
            Decimal("500.00"),
            Decimal("50.00"),
            Decimal("450.00"),
        ),
    }
    assert ledger_totals(other_treasurer) == []
    assert ledger_totals(treasurer, year=2025) == []


def test_a_budget_line_is_set_and_never_below_what_it_paid(world, treasurer, staff_a):
    fund = fund_create(org=world.org_a, kind=FundKind.SPECIAL, name="送温暖专项", year=2026, actor=treasurer)
    with pytest.raises(ValidationError, match="已有名为"):
        fund_create(org=world.org_a, kind=FundKind.SPECIAL, name="送温暖专项", year=2026, actor=treasurer)
    line = budget_line_set(fund=fund, purpose="慰问金", amount=Decimal("800"), actor=treasurer)
    _pay(line, treasurer, amount="600")
    with pytest.raises(ValidationError) as caught:
        budget_line_set(fund=fund, purpose="慰问金", amount=Decimal("599.99"), actor=treasurer)
    assert caught.value.message_dict["amount"] == ["预算金额不能低于已支出的 600.00 元"]
    assert budget_line_set(fund=fund, purpose="慰问金", amount=Decimal("600"), actor=treasurer).pk == line.pk
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("600.00")
    with pytest.raises(PermissionDenied):
        fund_create(org=world.org_a, kind=FundKind.OWN, name="x", year=2026, actor=staff_a)
