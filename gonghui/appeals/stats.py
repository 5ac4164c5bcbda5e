"""诉求统计 (a selector; the evaluation module reads it too): for a root union in the user's scope and a period of
submission dates, counts, acceptance rate, average and p90 handling time in working days, overdue rate,
re-open rate and satisfaction — in total and by category, by child union (drill-down), by month and by channel.
Six queries whatever the size of the tree and the number of cases: the children, one grouped count per breakdown
(category, child union, month, channel — the total is the sum of the channels) by handling time, so that the
average and the p90 come from a histogram, and the category names."""

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_statistics_root_for_user

from .choices import AppealChannel, AppealStatus, Rating
from .models import Appeal, AppealCategory
from .permissions import VIEW
from .sla import overdue_q

UNDECIDED = (AppealStatus.SUBMITTED,)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _p90(counts: Mapping[int, int]) -> float | None:
    """Nearest-rank 90th percentile of a histogram ({value: how many})."""
    total = sum(counts.values())
    if not total:
        return None
    rank, seen = max(1, math.ceil(0.9 * total)), 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return float(value)
    raise AssertionError("unreachable")


@dataclass
class Figures:
    """The figures of one slice; `handling_counts` is the histogram of handling times ({working days: cases}),
    so that the average and the 90th percentile need no list of every case."""

    count: int = 0
    decided: int = 0
    accepted: int = 0
    overdue: int = 0
    replied: int = 0
    reopened: int = 0
    rated: int = 0
    satisfied: int = 0
    fairly: int = 0
    unsatisfied: int = 0
    handling_counts: dict[int, int] = field(default_factory=dict)

    def add(self, row: Mapping[str, Any]) -> None:
        """Adds one grouped row of `_AGGREGATES` (the cases of one key and one handling time)."""
        self.count += row["n"]
        self.decided += row["decided"]
        self.accepted += row["accepted"]
        self.overdue += row["overdue"]
        self.reopened += row["reopened"]
        self.rated += row["rated"]
        self.satisfied += row["satisfied"]
        self.fairly += row["fairly"]
        self.unsatisfied += row["rated"] - row["satisfied"] - row["fairly"]
        days = row["handling_workdays"]
        if days is not None:
            self.replied += row["n"]
            self.handling_counts[days] = self.handling_counts.get(days, 0) + row["n"]

    @property
    def handling(self) -> list[int]:
        """Every replied case's handling time, in order."""
        return [days for days, n in sorted(self.handling_counts.items()) for _ in range(n)]

    @property
    def acceptance_rate(self) -> float | None:
        return _rate(self.accepted, self.decided)

    @property
    def overdue_rate(self) -> float | None:
        return _rate(self.overdue, self.count)

    @property
    def reopen_rate(self) -> float | None:
        return _rate(self.reopened, self.replied)

    @property
    def satisfaction_rate(self) -> float | None:
        """(满意 + 基本满意) ÷ rated."""
        return _rate(self.satisfied + self.fairly, self.rated)

    @property
    def avg_handling(self) -> float | None:
        if not self.replied:
            return None
        return round(sum(days * n for days, n in self.handling_counts.items()) / self.replied, 1)

    @property
    def p90_handling(self) -> float | None:
        return _p90(self.handling_counts)


@dataclass
class StatsRow:
    key: str
    label: str
    figures: Figures
    org: Org | None = None


@dataclass
class AppealStats:
    root: Org
    start: dt.date
    end: dt.date
    total: Figures
    by_category: list[StatsRow]
    by_org: list[StatsRow]
    by_month: list[StatsRow]
    by_channel: list[StatsRow]
    own: Figures


def _parse_day(raw: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def stats_period(params: Mapping[str, str]) -> tuple[dt.date, dt.date]:
    """The period of the query string (`start`, `end`; this year so far by default, swapped when reversed)."""
    today = timezone.localdate()
    start = _parse_day(params.get("start", ""), dt.date(today.year, 1, 1))
    end = _parse_day(params.get("end", ""), today)
    return (end, start) if end < start else (start, end)


def stats_filters(*, user: Actor, params: Mapping[str, str]) -> dict[str, Any]:
    """`appeal_stats`' arguments from the query string, shared by the page and its export: the root union `org`
    (a code, resolved in the user's scope: out of it 404; none: the user's first top union, 403 if none), the
    period, `category` and `channel`."""
    start, end = stats_period(params)
    channel = params.get("channel", "")
    return {
        "root": org_statistics_root_for_user(user=user, action=VIEW, code=params.get("org", "").strip()[:50]),
        "start": start,
        "end": end,
        "category": params.get("category", "").strip()[:30],
        "channel": channel if channel in AppealChannel.values else "",
    }


def _months(start: dt.date, end: dt.date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months


def _aggregates(today: dt.date) -> dict[str, Count]:
    """What each grouped query counts, per key and handling time (a case counts in one group of each dimension)."""
    decided = ~Q(status__in=UNDECIDED)
    rated = ~Q(rating="")
    return {
        "n": Count("pk"),
        "decided": Count("pk", filter=decided),
        "accepted": Count("pk", filter=decided & ~Q(status=AppealStatus.REJECTED)),
        "overdue": Count("pk", filter=Q(was_overdue=True) | overdue_q(today)),
        "reopened": Count("pk", filter=Q(reopen_count__gt=0)),
        "rated": Count("pk", filter=rated),
        "satisfied": Count("pk", filter=rated & Q(rating=Rating.SATISFIED)),
        "fairly": Count("pk", filter=rated & Q(rating=Rating.FAIRLY)),
    }


def _rows(groups: dict[str, Figures], labels: Iterable[tuple[str, str]]) -> list[StatsRow]:
    return [StatsRow(key=k, label=label, figures=groups.get(k, Figures())) for k, label in labels]


def appeal_stats(
    *,
    user: Actor,
    root: Org,
    start: dt.date,
    end: dt.date,
    category: str = "",
    channel: str = "",
    today: dt.date | None = None,
) -> AppealStats:
    """Statistics of the cases handled in `root`'s subtree and submitted between `start` and `end` (inclusive),
    among those the user may see (restricted categories only for their designated handlers and supervisors)."""
    today = today or timezone.localdate()
    qs = Appeal.objects.visible_to(user, VIEW).filter(
        org__path__startswith=root.path,
        submitted_on__gte=start,
        submitted_on__lte=end,
    )
    if category:
        qs = qs.filter(category__code=category)
    if channel:
        qs = qs.filter(channel=channel)
    children = list(Org.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path"))
    child_len = len(root.path) + Org.steplen
    total, own = Figures(), Figures()
    aggregates = _aggregates(today)
    groups: dict[str, dict[str, Figures]] = {}
    for dimension, key in (
        ("category", F("category__code")),
        ("org", Substr("org__path", 1, child_len)),
        ("month", TruncMonth("submitted_on")),
        ("channel", F("channel")),
    ):
        found = groups[dimension] = {}
        rows = qs.annotate(key=key).values("key", "handling_workdays").annotate(**aggregates).order_by()
        for row in rows:
            if dimension == "month":
                found.setdefault(f"{row['key']:%Y-%m}", Figures()).add(row)
            elif dimension == "org" and len(row["key"]) < child_len:
                own.add(row)
            else:
                found.setdefault(row["key"], Figures()).add(row)
            if dimension == "channel":
                total.add(row)
    by_category, by_org, by_month, by_channel = (
        groups["category"],
        groups["org"],
        groups["month"],
        groups["channel"],
    )
    categories = list(AppealCategory.objects.order_by("order", "id").values_list("code", "name"))
    org_rows = [
        StatsRow(key=c.code, label=c.name, figures=by_org.get(c.path, Figures()), org=c) for c in children
    ]
    return AppealStats(
        root=root,
        start=start,
        end=end,
        total=total,
        by_category=_rows(by_category, categories),
        by_org=org_rows,
        by_month=_rows(by_month, [(m, m) for m in _months(start, end)]),
        by_channel=_rows(by_channel, [(code, str(label)) for code, label in AppealChannel.choices]),
        own=own,
    )
