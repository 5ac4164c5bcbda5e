"""Row locks for services: `lock(Model, pk=…)` is the one way a write takes its row before it checks the state.

A workflow step reads the row, checks its state and writes it; two concurrent requests must not both pass the
check. `lock` returns the row with SELECT … FOR UPDATE OF the row's own table (PostgreSQL; SQLite serialises
writers), so the second caller waits until the first commits and then sees the new state. `related` joins what the
caller will read (the org, the member…) in the same statement; only the row itself is locked, so a nullable join
never makes the lock fail."""

from collections.abc import Sequence
from typing import Any

from django.db import models, transaction
from django.db.transaction import TransactionManagementError


def lock[M: models.Model](
    model_or_queryset: type[M] | models.QuerySet[M], /, *, related: Sequence[str] = (), **lookup: Any
) -> M:
    """The one row matching `lookup`, locked until the caller's transaction ends (`DoesNotExist` when none).
    Must be called inside that transaction: a lock taken in autocommit mode would end with its statement."""
    queryset = (
        model_or_queryset._default_manager.all() if isinstance(model_or_queryset, type) else model_or_queryset
    )
    if isinstance(related, str):
        raise TypeError("lock(related=…) takes a tuple of relations, such as ('org',)")
    if not transaction.get_connection(queryset.db).in_atomic_block:
        raise TransactionManagementError("lock() must be called inside the transaction that writes the row")
    locked = queryset.select_for_update(of=("self",))
    if related:
        locked = locked.select_related(*related)
    return locked.get(**lookup)
