"""Plain bulk writes for imports of tens of thousands of rows, where building a model instance per row and
compiling the ORM's INSERT cost ten times more than the database work itself (profiled on the 100k roster).

`rows_insert(Model, rows)` takes dicts keyed by attname (`org_id`, not `org`); columns left out get the field's
default (callables are called per row, so each row gets its own UUID), `auto_now`/`auto_now_add` fields and
fields defaulting to `timezone.now` get one timestamp per call, nullable fields NULL. No signals, no `save()`.
Values go through the field's own conversion only for types that need it (dates, UUIDs, JSON...), so the
database gets what the ORM would send.

On PostgreSQL the rows go in through `COPY … FROM STDIN` (psycopg's copy protocol, text format, inside the
caller's transaction): one stream per call instead of one INSERT per row. On SQLite they go in as multi-row
`INSERT … VALUES (…), (…)` as long as the parameter limit allows (measured ~25 % faster than `executemany`).
`rows_insert_keys` does the same and returns the new primary keys in row order without reading the table again:
on PostgreSQL it reserves them first (`nextval` over `generate_series`) and COPYs them with the rows; on SQLite
the INSERT returns them (`RETURNING`), and AUTOINCREMENT hands them out ascending in VALUES order.
`ids_by` reads keys back by a unique column for callers that need them later; `filter_in` looks a whole file's
values up in one statement with one parameter (PostgreSQL `= ANY(array)`, SQLite `json_each`)."""

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import Any

from django.db import connection, models
from django.db.models import F, Lookup, QuerySet
from django.utils import timezone

_NEEDS_PREP = (
    models.DateField,  # includes DateTimeField
    models.TimeField,
    models.UUIDField,
    models.JSONField,
    models.DecimalField,
    models.DurationField,
    models.BinaryField,
)
_AUTO = (models.AutoField, models.BigAutoField, models.SmallAutoField)


@dataclass(frozen=True)
class _Column:
    """Where one column's value comes from: the row (`attname`), a per-row factory, or a constant."""

    name: str
    attname: str | None = None
    factory: Callable[[], Any] | None = None
    constant: Any = None
    prep: Callable[[Any], Any] | None = None

    def value(self, row: dict[str, Any]) -> Any:
        if self.attname is not None:
            raw = row[self.attname]
        elif self.factory is not None:
            raw = self.factory()
        else:
            return self.constant
        return raw if self.prep is None else self.prep(raw)


def _columns(model: type[models.Model], given: Sequence[str]) -> list[_Column]:
    now = timezone.now()
    columns: list[_Column] = []
    for field in model._meta.concrete_fields:
        if isinstance(field, _AUTO):
            continue
        name = str(field.column)
        prep = _prep(field)
        if field.attname in given:
            columns.append(_Column(name, attname=field.attname, prep=prep))
        elif (
            getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
            or (field.has_default() and field.default is timezone.now)
        ):
            columns.append(_Column(name, constant=prep(now) if prep else now))
        elif field.has_default() and callable(field.default):
            columns.append(_Column(name, factory=field.default, prep=prep))
        elif field.has_default():
            columns.append(_Column(name, constant=prep(field.default) if prep else field.default))
        elif field.null:
            columns.append(_Column(name))
        elif field.blank and isinstance(field, models.CharField | models.TextField):
            columns.append(_Column(name, constant=""))
        else:
            raise ValueError(f"{model.__name__}.{field.attname} has no default: give it in every row")
    return columns


def _prep(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """The field's conversion of a value for the database, when its type needs one: the ORM's own, except that a
    plain `DateField` given a `date` and a `UUIDField` given a `UUID` skip the ORM's chain of calls for what it
    would send (the import's three dates per member were a fifth of its write time)."""
    if not isinstance(field, _NEEDS_PREP):
        return None
    prep = partial(field.get_db_prep_save, connection=connection)
    if type(field) is models.DateField and connection.vendor in ("postgresql", "sqlite"):
        if connection.vendor == "postgresql":
            return lambda value: value if type(value) is dt.date else prep(value)
        return lambda value: value.isoformat() if type(value) is dt.date else prep(value)
    if (
        type(field) is models.UUIDField
    ):  # PostgreSQL takes the UUID, SQLite its hex (UUIDField.get_db_prep_value)
        if connection.features.has_native_uuid_field:
            return lambda value: value if type(value) is uuid.UUID else prep(value)
        return lambda value: value.hex if type(value) is uuid.UUID else prep(value)
    return prep


def _ordered(columns: list[_Column]) -> list[_Column]:
    """Columns grouped for `_tuples`: given as is, given and converted, per-row factories, constants."""
    return sorted(
        columns,
        key=lambda c: (
            0 if c.attname is not None and c.prep is None else 1 if c.attname else 2 if c.factory else 3
        ),
    )


def _tuples(columns: list[_Column], rows: Iterable[dict[str, Any]]) -> Iterable[tuple[Any, ...]]:
    """Rows as value tuples in the order of `_ordered(columns)`: the plain columns through one itemgetter,
    constants appended once built (the per-column Python call was a fifth of the import's write time)."""
    plain = [c.attname for c in columns if c.attname is not None and c.prep is None]
    rest = [c for c in columns if c.attname is not None and c.prep is not None or c.factory is not None]
    constants = tuple(c.constant for c in columns if c.attname is None and c.factory is None)
    pick = itemgetter(*plain) if plain else None
    for row in rows:
        head = () if pick is None else pick(row) if len(plain) > 1 else (pick(row),)
        yield (*head, *[c.value(row) for c in rest], *constants) if rest else (*head, *constants)


def rows_insert(model: type[models.Model], rows: Iterable[dict[str, Any]], *, batch_size: int = 2000) -> int:
    """Write the rows (dicts keyed by attname, all with the same keys); returns the number written.
    `batch_size` bounds the rows per INSERT on SQLite (PostgreSQL streams all rows in one COPY)."""
    rows = list(rows)
    if not rows:
        return 0
    columns = _ordered(_columns(model, list(rows[0])))
    if connection.vendor == "postgresql":
        _copy(model, [c.name for c in columns], _tuples(columns, rows))
    else:
        _values_insert(model, [c.name for c in columns], _tuples(columns, rows), batch_size=batch_size)
    return len(rows)


def rows_insert_keys(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, batch_size: int = 2000
) -> list[int]:
    """`rows_insert`, returning the new rows' primary keys in row order (no second read of the table)."""
    rows = list(rows)
    if not rows:
        return []
    columns = _ordered(_columns(model, list(rows[0])))
    names = [c.name for c in columns]
    pk = model._meta.pk
    if pk is None or not isinstance(pk, _AUTO):
        raise ValueError(f"{model.__name__} has no automatic primary key")
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), pk.column, len(rows)],
            )
            keys = [int(k) for (k,) in cursor.fetchall()]
        _copy(
            model,
            [str(pk.column), *names],
            ((key, *values) for key, values in zip(keys, _tuples(columns, rows), strict=True)),
        )
        return keys
    if connection.vendor != "sqlite":
        raise NotImplementedError(f"rows_insert_keys on {connection.vendor}")
    return _values_insert(
        model, names, _tuples(columns, rows), batch_size=batch_size, returning=str(pk.column)
    )


def _copy(model: type[models.Model], names: list[str], values: Iterable[tuple[Any, ...]]) -> None:
    quote = connection.ops.quote_name
    # identifiers come from the model's metadata and are quoted; the values travel in the COPY stream
    sql = "COPY {} ({}) FROM STDIN".format(quote(model._meta.db_table), ", ".join(quote(n) for n in names))
    # the raw psycopg cursor's copy(), with Django's error translation (IntegrityError, not psycopg's own)
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for row in values:
            copy.write_row(row)


def _values_insert(
    model: type[models.Model],
    names: list[str],
    values: Iterable[tuple[Any, ...]],
    *,
    batch_size: int,
    returning: str | None = None,
) -> list[int]:
    """Multi-row `INSERT … VALUES (…), (…)` in batches as large as the parameter limit allows; with `returning`,
    the keys written, ascending (AUTOINCREMENT assigns them in VALUES order, so ascending is row order)."""
    quote = connection.ops.quote_name
    per_batch = max(1, min(batch_size, (connection.features.max_query_params or 999) // len(names)))
    # identifiers come from the model's metadata and are quoted; every value is a parameter
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(quote(n) for n in names)
    )
    tail = f" RETURNING {quote(returning)}" if returning else ""
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    values = iter(values)
    keys: list[int] = []
    with connection.cursor() as cursor:
        while batch := [row for _, row in zip(range(per_batch), values, strict=False)]:
            cursor.execute(head + ", ".join([one] * len(batch)) + tail, [v for row in batch for v in row])
            if returning:
                keys.extend(sorted(int(k) for (k,) in cursor.fetchall()))
    return keys


def ids_by(
    model: type[models.Model], column: str, values: Sequence[Any], *, chunk: int = 900
) -> dict[Any, int]:
    """{value of a unique column: primary key} for rows written earlier by `rows_insert`."""
    manager: Any = model._default_manager
    found: dict[Any, int] = {}
    for start in range(0, len(values), chunk):
        part = values[start : start + chunk]
        found.update(manager.filter(**{f"{column}__in": part}).values_list(column, "pk"))
    return found


class _AnyOf(Lookup):  # type: ignore[type-arg]
    """`column` is one of the values, all passed as one parameter: `= ANY(%s)` with an array on PostgreSQL,
    `IN (SELECT value FROM json_each(%s))` with a JSON array on SQLite. Used as an expression in `filter()`, never
    registered on a field."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))
        # lhs is the compiled column reference; the values travel as one parameter
        sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608
        return sql, (*lhs_params, json.dumps(list(self.rhs)))


def filter_in(
    queryset: QuerySet[Any], column: str, values: Sequence[Any], *, chunk: int = 2000
) -> Iterator[QuerySet[Any]]:
    """The querysets that together select the rows whose `column` (text or integer) is one of `values`: on
    PostgreSQL and SQLite one, with every value in one parameter (an IN list of thousands of placeholders costs
    psycopg more to split and bind, and Django more to prepare, than the database to answer); elsewhere one per
    `chunk` values with IN."""
    if not values:
        return
    if connection.vendor in ("postgresql", "sqlite"):
        yield queryset.filter(_AnyOf(F(column), list(values)))
        return
    for start in range(0, len(values), chunk):
        yield queryset.filter(**{f"{column}__in": values[start : start + chunk]})
