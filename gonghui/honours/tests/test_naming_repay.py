"""发放奖励 after the bank refused a payment: once the finance office reverses the failed entry on the ledger
pages, the next 发放奖励 pays that honour again under the next attempt's key (`honours.reward:<honour>:2`); a
standing payment (pending, paid, or failed but not reversed) is never paid twice — not by another click, not by a
re-imported bank file, not by five clicks at once (PostgreSQL)."""

from decimal import Decimal
from typing import Any

import pytest

from gonghui.honours.models import Honour
from gonghui.honours.selectors.naming import reward_key, reward_rows
from gonghui.honours.services.naming import rewards_pay
from gonghui.ledger.choices import EntryStatus as PaymentState
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.selectors import entry_by_key
from gonghui.ledger.services import ledger_results_import, ledger_reverse

from .test_naming import named, result_file, with_budget


def _failed_and_reversed(setup: Any, line: Any, name: str) -> tuple[Honour, LedgerEntry]:
    """The bank answers: 王老师's payment failed, the others succeeded; the failed entry is reversed."""
    honour = Honour.objects.get(campaign=setup.campaign, holder_name=name)
    rows = [
        [
            entry.idempotency_key,
            "失败" if entry.idempotency_key == reward_key(honour) else "成功",
            "账号不存在" if entry.idempotency_key == reward_key(honour) else "",
        ]
        for entry in LedgerEntry.objects.filter(budget_line=line, reverses__isnull=True)
    ]
    ledger_results_import(budget_line=line, data=result_file(rows), actor=setup.runner)
    failed = entry_by_key(reward_key(honour))
    assert failed is not None
    ledger_reverse(entry=failed, reason="银行退回：账号不存在", actor=setup.runner)
    return honour, failed


@pytest.mark.django_db
def test_a_reversed_failed_payment_is_paid_again_once(world):
    # given the rewards paid and the bank refusing 王老师's, reversed on the ledger pages
    setup = named(world)
    line = with_budget(world, setup)
    rewards_pay(campaign=setup.campaign, actor=setup.runner)
    wang, _failed = _failed_and_reversed(setup, line, "王老师")
    row = next(r for r in reward_rows(setup.campaign) if r.honour == wang)
    assert (row.status, row.status_label) == ("unpaid", "已冲销，待重新发放")
    # when the runner presses 发放奖励 again
    outcome = rewards_pay(campaign=setup.campaign, actor=setup.runner)
    # then only 王老师 is paid again, under the second attempt's key
    assert (outcome.paid, outcome.already, outcome.total) == (1, 1, Decimal("2000.00"))
    second = entry_by_key(reward_key(wang, 2))
    assert second is not None
    assert (second.amount, second.payee_member, second.owner) == (Decimal("2000.00"), wang.member, wang)
    row = next(r for r in reward_rows(setup.campaign) if r.honour == wang)
    assert (row.entry, row.status) == (second, PaymentState.PENDING)
    # and a further click pays nothing
    again = rewards_pay(campaign=setup.campaign, actor=setup.runner)
    assert (again.paid, again.already) == (0, 2)
    payments = LedgerEntry.objects.filter(budget_line=line, reverses__isnull=True)
    assert payments.count() == 3
    assert sum(e.amount for e in LedgerEntry.objects.filter(budget_line=line)) == Decimal("2500.00")


@pytest.mark.django_db
def test_a_failed_payment_not_reversed_is_not_paid_again(world):
    setup = named(world)
    line = with_budget(world, setup)
    rewards_pay(campaign=setup.campaign, actor=setup.runner)
    wang = Honour.objects.get(campaign=setup.campaign, holder_name="王老师")
    data = result_file([[reward_key(wang), "失败", "账号不存在"]])
    ledger_results_import(budget_line=line, data=data, actor=setup.runner)
    outcome = rewards_pay(campaign=setup.campaign, actor=setup.runner)
    assert (outcome.paid, outcome.already) == (0, 2)
    assert entry_by_key(reward_key(wang, 2)) is None
    row = next(r for r in reward_rows(setup.campaign) if r.honour == wang)
    assert (row.status, row.status_label) == (PaymentState.FAILED, "支付失败")


@pytest.mark.django_db
def test_reimported_bank_files_after_the_second_attempt_pay_nothing_more(world):
    setup = named(world)
    line = with_budget(world, setup)
    rewards_pay(campaign=setup.campaign, actor=setup.runner)
    wang, _failed = _failed_and_reversed(setup, line, "王老师")
    rewards_pay(campaign=setup.campaign, actor=setup.runner)
    # the first bank file comes in again, then the second attempt's answer twice
    first = result_file([[reward_key(wang), "失败", "账号不存在"]])
    ledger_results_import(budget_line=line, data=first, actor=setup.runner)
    second = result_file([[reward_key(wang, 2), "成功", ""]])
    ledger_results_import(budget_line=line, data=second, actor=setup.runner)
    ledger_results_import(budget_line=line, data=second, actor=setup.runner)
    outcome = rewards_pay(campaign=setup.campaign, actor=setup.runner)
    assert (outcome.paid, outcome.already) == (0, 2)
    assert LedgerEntry.objects.filter(budget_line=line, reverses__isnull=True).count() == 3
    states = {row.honour.holder_name: row.status for row in reward_rows(setup.campaign)}
    assert states == {"王老师": PaymentState.PAID, "李老师": PaymentState.PAID}


@pytest.mark.django_db
def test_a_third_attempt_only_after_the_second_is_reversed_too(world):
    setup = named(world)
    line = with_budget(world, setup)
    rewards_pay(campaign=setup.campaign, actor=setup.runner)
    wang, _failed = _failed_and_reversed(setup, line, "王老师")
    rewards_pay(campaign=setup.campaign, actor=setup.runner)
    second = entry_by_key(reward_key(wang, 2))
    assert second is not None
    ledger_reverse(entry=second, reason="银行再次退回", actor=setup.runner)
    assert rewards_pay(campaign=setup.campaign, actor=setup.runner).paid == 1
    assert entry_by_key(reward_key(wang, 3)) is not None
    assert rewards_pay(campaign=setup.campaign, actor=setup.runner).paid == 0
    assert sum(e.amount for e in LedgerEntry.objects.filter(budget_line=line)) == Decimal("2500.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_five_clicks_at_once_after_a_reversal_pay_once(world, run_concurrently):
    setup = named(world)
    line = with_budget(world, setup)
    rewards_pay(campaign=setup.campaign, actor=setup.runner)
    wang, _failed = _failed_and_reversed(setup, line, "王老师")
    results, errors = run_concurrently(
        *[lambda: rewards_pay(campaign=setup.campaign, actor=setup.runner) for _ in range(5)]
    )
    assert errors == []
    assert sum(r.paid for r in results) == 1
    assert LedgerEntry.objects.filter(budget_line=line, reverses__isnull=True).count() == 3
    assert entry_by_key(reward_key(wang, 2)) is not None
