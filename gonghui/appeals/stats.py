"""诉求统计 (a selector; the evaluation module reads it too): for a root union in the user's scope and a period of
submission dates, counts, acceptance rate, average and p90 handling time in working days, overdue rate,
re-open rate and satisfaction — in total and by category, by child union (drill-down), by month and by channel.
Four queries whatever the size of the tree: the overdue cases, the children, the cases' figures and the
category names."""

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

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


def _p90(values: list[int]) -> float | None:
    """Nearest-rank 90th percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)])


@dataclass
class Figures:
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
    handling: list[int] = field(default_factory=list)

    def add(self, row: Mapping[str, Any], overdue_now: bool) -> None:
        self.count += 1
        status = row["status"]
        if status not in UNDECIDED:
            self.decided += 1
            if status != AppealStatus.REJECTED:
                self.accepted += 1
        if row["was_overdue"] or overdue_now:
            self.overdue += 1
        if row["handling_workdays"] is not None:
            self.replied += 1
            self.handling.append(row["handling_workdays"])
        if row["reopen_count"]:
            self.reopened += 1
        rating = row["rating"]
        if rating:
            self.rated += 1
            if rating == Rating.SATISFIED:
                self.satisfied += 1
            elif rating == Rating.FAIRLY:
                self.fairly += 1
            else:
                self.unsatisfied += 1

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
        return round(sum(self.handling) / len(self.handling), 1) if self.handling else None

    @property
    def p90_handling(self) -> float | None:
        return _p90(self.handling)


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
    overdue_ids = set(qs.filter(overdue_q(today)).values_list("pk", flat=True))
    children = list(Org.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path"))
    child_len = len(root.path) + Org.steplen
    total, own = Figures(), Figures()
    by_category: dict[str, Figures] = {}
    by_org: dict[str, Figures] = {}
    by_month: dict[str, Figures] = {}
    by_channel: dict[str, Figures] = {}
    for row in qs.values(
        "pk",
        "status",
        "was_overdue",
        "handling_workdays",
        "reopen_count",
        "rating",
        "channel",
        "submitted_on",
        "category__code",
        "org__path",
    ):
        late = row["pk"] in overdue_ids
        total.add(row, late)
        by_category.setdefault(row["category__code"], Figures()).add(row, late)
        by_month.setdefault(f"{row['submitted_on']:%Y-%m}", Figures()).add(row, late)
        by_channel.setdefault(row["channel"], Figures()).add(row, late)
        path = row["org__path"]
        if len(path) >= child_len:
            by_org.setdefault(path[:child_len], Figures()).add(row, late)
        else:
            own.add(row, late)
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
