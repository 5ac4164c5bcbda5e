"""The database refuses UPDATE and DELETE of ledger entries and payment results, whoever asks (raw SQL, a shell,
another app): a BEFORE trigger on SQLite and on PostgreSQL. TRUNCATE (PostgreSQL's flush) is not a row change and
stays possible for test teardown and a deliberate wipe."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLES = ("ledger_ledgerentry", "ledger_paymentresult")
MESSAGE = "ledger rows are append-only"


def _sqlite_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        for op in ("UPDATE", "DELETE")
    ]


POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}: % on %', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""


def _postgres_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()"
    ]


def create_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [sql for table in TABLES for sql in _sqlite_create(table)]
    elif vendor == "postgresql":
        statements = [POSTGRES_FUNCTION, *[sql for table in TABLES for sql in _postgres_create(table)]]
    else:
        raise NotImplementedError(f"ledger append-only triggers are written for SQLite and PostgreSQL, not {vendor}")
    for sql in statements:
        schema_editor.execute(sql, None)


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {t}_no_{op}" for t in TABLES for op in ("update", "delete")]
    elif vendor == "postgresql":
        statements = [f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}" for t in TABLES]
        statements.append("DROP FUNCTION IF EXISTS ledger_refuse_change()")
    else:
        statements = []
    for sql in statements:
        schema_editor.execute(sql, None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_funds_budgets_entries")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
