"""Django's flush (`manage.py flush` and the teardown of transactional tests) empties every table; on PostgreSQL
with TRUNCATE, which row triggers never see, but on SQLite with `DELETE FROM <table>`, which the append-only
trigger of 0002 refused. SQLite's DELETE trigger now lets a row go only while the one-row marker table
`ledger_flush_marker` holds its row, and only the ledger's `flush` command (management/commands/flush.py, which
Django's test teardown calls by name) writes that row, inside the flush's own transaction, and removes it before
the commit: no other connection ever sees it. UPDATE stays refused without exception. The marker table is no model,
so flush never empties it itself."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLES = ("ledger_ledgerentry", "ledger_paymentresult")
MESSAGE = "ledger rows are append-only"
MARKER = "ledger_flush_marker"


def _sqlite_delete_trigger(table: str, *, escape: bool) -> str:
    when = f" FOR EACH ROW WHEN NOT EXISTS (SELECT 1 FROM {MARKER})" if escape else ""
    return (
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}{when} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    )


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL flushes with TRUNCATE: its row triggers (0002) stay as they are
    schema_editor.execute(
        f"CREATE TABLE {MARKER} (id INTEGER PRIMARY KEY CHECK (id = 1), reason TEXT NOT NULL)", None
    )
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete", None)
        schema_editor.execute(_sqlite_delete_trigger(table, escape=True), None)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete", None)
        schema_editor.execute(_sqlite_delete_trigger(table, escape=False), None)
    schema_editor.execute(f"DROP TABLE IF EXISTS {MARKER}", None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_append_only_triggers")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
