"""Figures per union over whole subtrees, for any set of unions, in one grouped query per distinct tree depth among
them (a tree has at most five), however many unions are asked for: each row is grouped under the first
len(org.path) characters of its org's materialised path, which is the path of the asked union it falls under.
Indicator sources (core.registry.IndicatorSource) and the 各级总览 read through here."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Aggregate, Count, QuerySet
from django.db.models.functions import Substr

from .models import Org


def rollup(
    queryset: QuerySet[Any], orgs: Iterable[Org], *, path_field: str = "org__path", **aggregates: Aggregate
) -> dict[int, dict[str, Any]]:
    """{org.id: {name: value}} for every org: `aggregates` (Count, Sum, Avg … over `queryset`'s rows) of the rows
    whose `path_field` lies in the org's subtree (the org itself included). An org without rows gets 0 for a Count
    and None for the other aggregates. Two asked unions of which one is inside the other each count the rows of
    their own subtree."""
    by_length: dict[int, dict[str, int]] = defaultdict(dict)
    result: dict[int, dict[str, Any]] = {}
    for org in orgs:
        by_length[len(org.path)][org.path] = org.id
        result[org.id] = {name: 0 if isinstance(agg, Count) else None for name, agg in aggregates.items()}
    for length, ids in by_length.items():
        rows = (
            queryset.annotate(_rollup_path=Substr(path_field, 1, length))
            .filter(_rollup_path__in=list(ids))
            .order_by()
            .values("_rollup_path")
            .annotate(**aggregates)
        )
        for row in rows:
            result[ids[row["_rollup_path"]]] = {name: row[name] for name in aggregates}
    return result
