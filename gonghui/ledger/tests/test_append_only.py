"""Ledger entries and payment results are append-only on three levels: the model, the queryset and the database
(a trigger refuses raw UPDATE and DELETE; on PostgreSQL see test_postgres.py)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, connection, transaction

from gonghui.ledger.choices import PaymentStatus
from gonghui.ledger.models import LedgerEntry, PaymentResult

from .factories import make_entry, make_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    return make_entry(make_line(world.org_a), actor=world.org_admin)


def test_saving_an_entry_again_is_refused(entry):
    entry.payee_name = "乙"
    with pytest.raises(PermissionDenied, match="只能追加"):
        entry.save()
    assert LedgerEntry.objects.get(pk=entry.pk).payee_name == "甲会员"


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(PermissionDenied, match="不能删除"):
        entry.delete()
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_and_delete_are_refused(entry):
    with pytest.raises(PermissionDenied):
        LedgerEntry.objects.filter(pk=entry.pk).update(payee_name="乙")
    with pytest.raises(PermissionDenied):
        LedgerEntry.objects.all().delete()
    with pytest.raises(PermissionDenied):
        PaymentResult.objects.all().update(reason="x")
    assert LedgerEntry.objects.get(pk=entry.pk).payee_name == "甲会员"


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_raw_update_and_delete_of_an_entry(entry):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE ledger_ledgerentry SET amount = 1 WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM ledger_ledgerentry WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == 100


def test_the_database_refuses_raw_update_and_delete_of_a_payment_result(entry, world):
    result = PaymentResult.objects.create(entry=entry, status=PaymentStatus.PAID, imported_by=world.org_admin)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE ledger_paymentresult SET status = 'failed' WHERE id = %s", [result.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM ledger_paymentresult WHERE id = %s", [result.pk])
    assert PaymentResult.objects.get(pk=result.pk).status == PaymentStatus.PAID
    with pytest.raises(PermissionDenied):
        result.save()


def test_inserting_still_works_and_the_key_is_unique(entry, world):
    second = make_entry(entry.budget_line, actor=world.org_admin, key="k2")
    assert LedgerEntry.objects.count() == 2
    assert second.pk != entry.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        make_entry(entry.budget_line, actor=world.org_admin, key="k1")


def test_a_payment_must_be_positive_and_a_reversal_negative(entry, world):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_entry(entry.budget_line, actor=world.org_admin, key="neg", amount="-5.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_entry(entry.budget_line, actor=world.org_admin, key="rev", amount="5.00", reverses=entry)
