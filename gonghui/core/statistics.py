"""The view half of the statistics-page scaffold (诉求统计, 法律服务统计; the template half is
core/templates/core/statistics.html): the drill-down links that keep the page's filters, the breadcrumbs and the
export's address. No domain: the app resolves the root union and its ancestors (orgs selectors) and passes them.
And the one minimum-cell rule every page, export, API answer and message about people follows: `shown_count`."""

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol
from urllib.parse import urlencode

# Aggregates about people never show a group under 10.
MIN_CELL = 10


def percent_value(part: int | None, whole: int | None) -> Decimal | None:
    """part ÷ whole in percent as an indicator value (core.registry.IndicatorValue): a Decimal with one decimal
    place, None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(100) * Decimal(part or 0) / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def shown_count(value: int) -> str:
    """A count about people as a cadre may see it: "<10" for 1–9, the number otherwise (0 stays 0)."""
    return "<10" if 0 < value < MIN_CELL else str(value)


class Union(Protocol):
    code: str


class Drillable(Protocol):
    """A row of the statistics by child union: `key` is the child's code."""

    key: str


def drill_url(url: str, query: Mapping[str, Any], code: str) -> str:
    """The statistics page of union `code` with the same filters."""
    return f"{url}?{urlencode({**query, 'org': code})}"


def statistics_context(
    *,
    title: str,
    url: str,
    export_url: str,
    query: Mapping[str, Any],
    root: Union,
    ancestors: Iterable[Union],
    children: Sequence[Drillable],
    export_query: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """What every statistics page shows around its own figures: `page_title`, `root`, `home_url` and `crumbs`
    [(ancestor, url)] for the breadcrumbs, `child_urls` (one per child row: the charts' drill-down links too) and
    `org_rows` [(row, url)] for the drill-down table, and `export_action`, the export's address with the filters
    (`export_query`, else `query`) and the root. `query` holds the filters a drill-down keeps."""
    child_urls = [drill_url(url, query, row.key) for row in children]
    return {
        "page_title": title,
        "root": root,
        "home_url": f"{url}?{urlencode(query)}",
        "crumbs": [(a, drill_url(url, query, a.code)) for a in ancestors],
        "child_urls": child_urls,
        "org_rows": list(zip(children, child_urls, strict=True)),
        "export_action": drill_url(export_url, query if export_query is None else export_query, root.code),
    }
