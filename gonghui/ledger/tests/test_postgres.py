"""PostgreSQL: the append-only trigger refuses raw UPDATE and DELETE; concurrent payments against one budget line
never overspend it (the line's row lock); concurrent payments under one idempotency key write one entry."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from gonghui.ledger.choices import PaymentStatus
from gonghui.ledger.models import LedgerEntry, PaymentResult
from gonghui.ledger.selectors import line_remaining
from gonghui.ledger.services import ledger_pay, ledger_result_record

from .factories import make_line

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 10


def _pay(line, actor, key, amount="100"):
    return ledger_pay(
        budget_line=line, amount=Decimal(amount), payee_name="甲会员", idempotency_key=key, actor=actor
    )


def test_the_trigger_refuses_raw_update_and_delete(treasurer, line):
    entry = _pay(line, treasurer, "raw")
    ledger_result_record(entry=entry, status=PaymentStatus.PAID, actor=treasurer)
    for sql in (
        "UPDATE ledger_ledgerentry SET amount = 1 WHERE id = %s",
        "DELETE FROM ledger_ledgerentry WHERE id = %s",
        "UPDATE ledger_paymentresult SET status = 'failed' WHERE entry_id = %s",
        "DELETE FROM ledger_paymentresult WHERE entry_id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal("100.00")
    assert PaymentResult.objects.get(entry=entry).status == "paid"


def test_concurrent_payments_never_overspend(treasurer, world, run_concurrently):
    # given a line of 1000 yuan and ten payments of 150 at the same instant
    line = make_line(world.org_a, amount="1000.00")
    results, errors = run_concurrently(
        *[lambda n=n: _pay(line, treasurer, f"visit:{n}", amount="150") for n in range(THREADS)]
    )
    # then six are paid and four refused naming what was left (100 yuan)
    assert len(results) == 6
    assert len(errors) == 4
    assert all(isinstance(e, ValidationError) and "尚余 100.00 元" in str(e) for e in errors)
    assert LedgerEntry.objects.count() == 6
    assert line_remaining(line) == Decimal("100.00")


def test_concurrent_payments_under_one_key_write_one_entry(treasurer, line, run_concurrently):
    results, errors = run_concurrently(
        *[lambda: _pay(line, treasurer, "visit:1:member:1") for _ in range(THREADS)]
    )
    assert errors == []
    assert LedgerEntry.objects.count() == 1
    assert {entry.pk for entry in results} == {LedgerEntry.objects.get().pk}
    assert line_remaining(line) == Decimal("900.00")
