"""The flush at the end of a transactional test on PostgreSQL (concurrency, row locks, on_commit), made cheap.

Django's `flush` empties every table of every installed app: on PostgreSQL one TRUNCATE of about 420 tables (about a
second each time: 29 % of CI's PostgreSQL pass), then post_migrate re-creates every content type and permission. A
test writes a few dozen tables, so `install()` makes the flush delete the rows of only the tables that hold some
(found with one EXISTS query per 200 tables) and keep the two tables only migrations write, `django_content_type`
and `auth_permission` (post_migrate then finds them complete and writes nothing). What a test sees afterwards is
what Django's flush leaves: every other table empty.

The rows are deleted, not truncated (TRUNCATE refuses a table that an untouched table references), with
`session_replication_role = replica` for the flush's transaction: the ledger's append-only triggers refuse a DELETE
(never a TRUNCATE), and the foreign-key triggers have nothing to check once every table holding rows is emptied.
That setting needs a superuser (CI and every machine of this project test as `postgres`); without one, and on
SQLite, the flush is Django's own. (On SQLite it is cheap already, and deleting fewer tables reached a table a live
server's last request was still reading sooner: "database table is locked" in a browser test's teardown.)"""

from typing import Any

from django.core.management.commands import flush
from django.core.management.sql import sql_flush as django_sql_flush

KEPT = frozenset({"django_content_type", "auth_permission"})
_CHUNK = 200  # SQLite allows 500 terms in a compound SELECT


def tables_with_rows(connection: Any, tables: list[str]) -> list[str]:
    quote = connection.ops.quote_name
    found: list[str] = []
    with connection.cursor() as cursor:
        for start in range(0, len(tables), _CHUNK):
            chunk = tables[start : start + _CHUNK]
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT {index} WHERE EXISTS (SELECT 1 FROM {quote(table)})"  # noqa: S608 (quoted table names)
                    for index, table in enumerate(chunk)
                )
            )
            found.extend(chunk[row[0]] for row in cursor.fetchall())
    return found


def _is_superuser(connection: Any) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        return bool(cursor.fetchone()[0] == "on")


def _sql_flush(
    style: Any, connection: Any, reset_sequences: bool = True, allow_cascade: bool = False
) -> list[str]:
    if connection.vendor != "postgresql" or not _is_superuser(connection):
        return list(
            django_sql_flush(style, connection, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        )
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if table not in KEPT
    ]
    quote = connection.ops.quote_name
    return [
        "SET LOCAL session_replication_role = replica;",
        *(f"DELETE FROM {quote(t)};" for t in tables_with_rows(connection, tables)),  # noqa: S608
    ]


def install() -> None:
    flush.sql_flush = _sql_flush  # type: ignore[attr-defined]
