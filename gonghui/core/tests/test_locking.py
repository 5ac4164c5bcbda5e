"""core.locking.lock: the row and what the caller reads from it in one locking statement, only inside a
transaction, and (PostgreSQL) a second transaction really waits for the first."""

import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from gonghui.core.locking import lock
from gonghui.core.models import NumberSequence, TimelineEntry
from tests.concurrency import start_concurrently


def _entry() -> TimelineEntry:
    # actor is a nullable foreign key: the join is an outer join, which FOR UPDATE alone refuses on PostgreSQL
    return TimelineEntry.objects.create(
        content_type=ContentType.objects.get_for_model(NumberSequence), object_id="1", action="submit"
    )


@pytest.mark.django_db
def test_lock_returns_the_row_with_its_joins_in_one_statement():
    entry = _entry()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = lock(TimelineEntry, pk=entry.pk, related=("content_type", "actor"))
        assert (locked.content_type.model, locked.actor) == ("numbersequence", None)
    assert len(queries) == 1
    if connection.features.has_select_for_update:
        assert "FOR UPDATE OF" in queries[0]["sql"]


@pytest.mark.django_db
def test_lock_takes_a_queryset_and_raises_does_not_exist_outside_it():
    entry = _entry()
    with transaction.atomic():
        assert lock(TimelineEntry.objects.filter(action="submit"), pk=entry.pk) == entry
        with pytest.raises(TimelineEntry.DoesNotExist):
            lock(TimelineEntry.objects.filter(action="return"), pk=entry.pk)


@pytest.mark.django_db
def test_lock_refuses_one_relation_given_as_a_bare_string():
    entry = _entry()
    with transaction.atomic(), pytest.raises(TypeError, match="tuple of relations"):
        lock(TimelineEntry, pk=entry.pk, related="actor")


@pytest.mark.django_db(transaction=True)
def test_lock_outside_a_transaction_is_a_programming_error():
    entry = _entry()
    with pytest.raises(TransactionManagementError, match="inside the transaction"):
        lock(TimelineEntry, pk=entry.pk)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_transaction_waits_for_the_lock():
    entry = _entry()
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            lock(TimelineEntry, pk=entry.pk, related=("actor",))
            holding.set()
            assert release.wait(30)

    holder = start_concurrently(hold)
    try:
        assert holding.wait(30)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '200ms'")
            with pytest.raises(OperationalError, match="lock timeout"):
                lock(TimelineEntry, pk=entry.pk)
    finally:
        release.set()
    assert holder.join(30) == ([None], [])
