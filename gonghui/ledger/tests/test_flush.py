"""The test-teardown escape (migration 0003 and management/commands/flush.py): Django's flush empties the ledger
tables on both databases, and nothing else may delete or update a ledger row — not even a raw DELETE inside a
transaction, and not while the marker is absent, which is always outside the flush's own transaction."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from gonghui.ledger.choices import PaymentStatus
from gonghui.ledger.models import LedgerEntry, PaymentResult

from .factories import make_entry, make_line

MARKER = "ledger_flush_marker"


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _entry_with_result(world):
    entry = make_entry(make_line(world.org_a), actor=world.org_admin)
    PaymentResult.objects.create(entry=entry, status=PaymentStatus.PAID, imported_by=world.org_admin)
    return entry


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_ledger_tables_and_leaves_no_marker(world):
    # given ledger rows, committed (a transactional test)
    _entry_with_result(world)
    # when Django's flush runs, as the teardown of a transactional test does
    call_command("flush", interactive=False, verbosity=0, stdout=StringIO())
    # then the ledger is empty and the escape is closed again
    assert LedgerEntry.objects.count() == 0
    assert PaymentResult.objects.count() == 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM ledger_flush_marker")
            assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_with_ledger_rows_tears_down(world):
    """Its teardown is the flush: were the escape missing, this test would error in teardown on SQLite."""
    entry = _entry_with_result(world)
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_outside_the_flush_raw_deletes_and_updates_are_refused(world):
    entry = _entry_with_result(world)
    for sql in (
        "DELETE FROM ledger_ledgerentry WHERE id = %s",
        "DELETE FROM ledger_paymentresult WHERE entry_id = %s",
        "UPDATE ledger_ledgerentry SET amount = 1 WHERE id = %s",
        "UPDATE ledger_paymentresult SET status = 'failed' WHERE entry_id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            _raw(sql, [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM ledger_ledgerentry")  # the whole table, as flush would, but without the marker
    assert LedgerEntry.objects.count() == 1
    assert PaymentResult.objects.count() == 1


@pytest.mark.django_db
def test_on_sqlite_the_marker_never_opens_updates(world):
    if connection.vendor != "sqlite":
        pytest.skip("the marker exists on SQLite only; PostgreSQL flushes with TRUNCATE")
    entry = _entry_with_result(world)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO ledger_flush_marker (id, reason) VALUES (1, 'test')")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute("UPDATE ledger_ledgerentry SET amount = 1 WHERE id = %s", [entry.pk])
        transaction.set_rollback(True)  # the marker goes with the test's transaction
    assert LedgerEntry.objects.get(pk=entry.pk).amount == 100


@pytest.mark.django_db
def test_on_sqlite_the_marker_holds_one_row_at_most(world):
    if connection.vendor != "sqlite":
        pytest.skip("the marker exists on SQLite only")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO ledger_flush_marker (id, reason) VALUES (2, 'second')")


@pytest.mark.django_db(transaction=True)
def test_an_interactive_flush_asks_first_and_can_be_cancelled(world, monkeypatch):
    _entry_with_result(world)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    out = StringIO()
    call_command("flush", verbosity=0, stdout=out)
    assert LedgerEntry.objects.count() == 1
    assert "cancelled" in out.getvalue()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    call_command("flush", verbosity=0, stdout=StringIO())
    assert LedgerEntry.objects.count() == 0
