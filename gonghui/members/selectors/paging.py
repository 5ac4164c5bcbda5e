"""One page of a list that may be huge, without an exact COUNT over it: the rows are counted up to `COUNT_CAP`
(`SELECT COUNT(*) FROM (SELECT … LIMIT cap + 1)`, which stops reading at the cap); below the cap the count is
exact ("共 312 人", with a last-page link), above it PostgreSQL's planner estimate is shown ("约 12,968 人") or,
where there is none (SQLite) or it is below the cap, a bound ("超过 2,000 人"). Previous / next work either way:
the page reads one row more than it shows to know whether there is a next one."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet

# Exact up to this many rows: reading 2,001 rows of an index costs ~1–2 ms on PostgreSQL, a full COUNT over a
# 100,000-member root scope 40–60 ms (measured, see the issue-27 report).
COUNT_CAP = 2_000


@dataclass(frozen=True)
class CappedPage[M: Model]:
    rows: list[M]
    number: int
    per_page: int
    has_next: bool
    count: int  # exact when `exact`, else cap + 1
    exact: bool
    cap: int
    estimate: int | None  # the planner's row estimate when the count is not exact (PostgreSQL only)

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int | None:
        """Known only when the count is exact."""
        return max(1, -(-self.count // self.per_page)) if self.exact else None

    @property
    def count_text(self) -> str:
        if self.exact:
            return f"共 {self.count:,} 人"
        if self.estimate is not None and self.estimate > self.cap:
            return f"约 {self.estimate:,} 人"
        return f"超过 {self.cap:,} 人"


def _page_number(raw: Any) -> int:
    try:
        return max(1, int(str(raw)))
    except (TypeError, ValueError):
        return 1


def planner_estimate(queryset: QuerySet[Any]) -> int | None:
    """PostgreSQL's estimate of the rows `queryset` returns (EXPLAIN without running it); None elsewhere."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def capped_page[M: Model](
    queryset: QuerySet[M],
    page: Any,
    *,
    per_page: int = 25,
    cap: int | None = None,
    when_exact: Callable[[QuerySet[M]], QuerySet[M]] | None = None,
    estimate: bool = True,
) -> CappedPage[M]:
    """The page `page` (a query-string value; bad or missing is 1) of the ordered `queryset`. A page past the end
    of an exactly counted list is its last page; past the end of a capped one it is empty (previous still works).
    `when_exact` reshapes the rows' query once the list is known to be small (e.g. an ordering that makes the
    database collect the few matches and sort them, rather than walk an index in order looking for them). Pass
    `estimate=False` where the planner's guess is poor: for an OR of overlapping search branches it counts the
    overlap twice (measured: 约 11,940 for 6,680 matches of `z`), so the page says "超过 N 人" instead. The estimate
    (an EXPLAIN, not run: ~0.5 ms) is asked also when the count turns out exact: a list's query count is then the
    same at every size (it was one more on PostgreSQL once the rows passed the cap)."""
    cap = COUNT_CAP if cap is None else cap
    # asked whatever the count, so that a page makes the same queries at every size (on PostgreSQL; elsewhere none)
    estimated = planner_estimate(queryset) if estimate else None
    counted = queryset.order_by()[: cap + 1].count()
    exact = counted <= cap
    number = _page_number(page)
    if exact:
        number = min(number, max(1, -(-counted // per_page)))
        if when_exact is not None:
            queryset = when_exact(queryset)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return CappedPage(
        rows=rows[:per_page],
        number=number,
        per_page=per_page,
        has_next=len(rows) > per_page,
        count=counted,
        exact=exact,
        cap=cap,
        estimate=None if exact else estimated,
    )
