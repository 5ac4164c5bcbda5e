"""Django's `flush`, able to empty the append-only ledger tables on SQLite (see migration 0003).

Django's test teardown (transactional tests, browser tests with a live server) calls `flush` by name, and an
app's command of that name replaces Django's. This one runs Django's flush inside one transaction that first
writes the one-row marker `ledger_flush_marker`, which the SQLite DELETE trigger of the ledger tables asks for,
and removes it before the commit: the marker exists only inside the flush's own transaction. On PostgreSQL the
flush is a TRUNCATE, which the row triggers never see, so nothing is added there."""

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

MARKER = "ledger_flush_marker"


class Command(DjangoFlush):
    help = DjangoFlush.help + " (ledger: allows the append-only tables to be emptied on SQLite)"

    def handle(self, **options: Any) -> None:
        database = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[database]
        if connection.vendor != "sqlite" or MARKER not in connection.introspection.table_names():
            super().handle(**options)
            return
        if options.get("interactive", True):  # ask before the transaction, so no write lock waits on a person
            confirm = input(
                f"You have requested a flush of the database {connection.settings_dict['NAME']!r}.\n"
                "This will IRREVERSIBLY DESTROY all data currently in the database, ledger included.\n"
                "Type 'yes' to continue, or 'no' to cancel: "
            )
            if confirm != "yes":
                self.stdout.write("Flush cancelled.")
                return
            options = {**options, "interactive": False}
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO ledger_flush_marker (id, reason) VALUES (1, 'flush')")
            super().handle(**options)
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM ledger_flush_marker")
