"""Coverage and membership statistics (十九 扩大工会组织覆盖面) for any subtree of the union tree.

The figures of the root and of each of its children come from five queries whatever the size of the tree:
the children, the headcounts, the members, the units without a union and those units per 建会 status. The members'
figures of today come from the 会员计数 rows (`members.counting`: one row per union, kept by every membership change),
so the page reads as many rows as there are unions, not members; their age bands are as of the last nightly recount
(`Coverage.ages_counted_at`, shown on the page). Asked for another day (`today=`), the members are aggregated
from their rows by the same definitions (`counting.count_aggregates`).
A 联合基层工会's headcount fields hold the sum over the units it covers (orgs.services.covered), so its
入会率 counts across them. Each aggregate groups its rows by
the child they fall under — the first (depth + 1) steps of the org path — with conditional aggregation, so
one pass gives every child's figures; rows directly at the root group under the root's own path.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, Min, Q, QuerySet, Sum, When
from django.db.models.functions import Substr
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import action_paths
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.counting import AGE_BANDS as AGE_BANDS
from gonghui.members.counting import AGE_FIELDS, COUNT_FIELDS, count_aggregates
from gonghui.members.counting import EMPLOYMENT_FIELDS as EMPLOYMENT_FIELDS
from gonghui.members.counting import SERVING_STATUS as SERVING_STATUS
from gonghui.members.counting import years_ago as years_ago
from gonghui.members.models import Member, MemberCount
from gonghui.members.rates import join_rate as join_rate  # the one definition of 入会率, re-exported
from gonghui.members.rates import percent as percent
from gonghui.orgs.choices import OrgLevel, UnitCategory
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import unfounded_units, unfounded_units_by_status

VIEW = "members.view"  # the figures describe members: the page needs members.view on the root
ORG_VIEW = "orgs.view"  # …and the root must be an org the user can see (else 404)
SERVING_FIELDS = ("serving", "serving_contract", "serving_dispatched")
# the counters (members.counting) each figure is read from
COUNTED_FIGURES = {
    "members": "members",
    "women": "women",
    **{name: name for name in EMPLOYMENT_FIELDS.values()},
    **{name: name for name in SERVING_FIELDS},
    "new_this_year": "joined",
}


@dataclass
class Figures:
    """The statistics of one subtree (or of one org's own rows)."""

    headcount_established: int = 0
    headcount_contract: int = 0
    headcount_dispatched: int = 0
    members: int = 0  # holding: 在籍 + 保留会籍
    women: int = 0
    established: int = 0  # members by 用工性质
    contract: int = 0
    dispatched: int = 0
    other: int = 0
    new_this_year: int = 0
    serving: int = 0  # 在职 members (在籍, no retirees): the numerator of 入会率
    serving_contract: int = 0
    serving_dispatched: int = 0
    ages: list[int] = field(default_factory=lambda: [0] * len(AGE_BANDS))
    unfounded: int = 0  # registered units without a union yet

    def add(self, other: "Figures") -> None:
        for f in fields(self):
            if f.name == "ages":
                self.ages = [a + b for a, b in zip(self.ages, other.ages, strict=True)]
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def headcount(self) -> int:
        return self.headcount_established + self.headcount_contract + self.headcount_dispatched

    @property
    def join_rate(self) -> float | None:
        """入会率: serving members ÷ headcount (see `join_rate`)."""
        return join_rate(self.serving, self.headcount)

    @property
    def women_share(self) -> float | None:
        return percent(self.women, self.members)

    @property
    def contract_share(self) -> float | None:
        """非在编 members among all members."""
        return percent(self.contract, self.members)

    @property
    def contract_join_rate(self) -> float | None:
        """非在编 入会率: serving 非在编 members ÷ 非在编 headcount."""
        return join_rate(self.serving_contract, self.headcount_contract)

    @property
    def dispatched_share(self) -> float | None:
        return percent(self.dispatched, self.members)

    @property
    def dispatched_join_rate(self) -> float | None:
        """劳务派遣 入会率: serving 劳务派遣 members ÷ 劳务派遣 headcount."""
        return join_rate(self.serving_dispatched, self.headcount_dispatched)


@dataclass
class ChildRow:
    org: Org
    figures: Figures


@dataclass
class Coverage:
    """Statistics of `root`'s subtree: the total, the root's own rows (本级) and one row per child."""

    root: Org
    today: dt.date
    total: Figures
    own: Figures
    children: list[ChildRow]
    unfounded_by_category: list[tuple[str, int]]  # (单位类别 label, units), largest first
    unfounded_by_status: list[tuple[str, str, int]]  # (建会 status, label, units) of every unfounded status
    # when the age bands were counted (the oldest nightly recount among the subtree's unions); None: as of `today`
    ages_counted_at: dt.datetime | None = None

    @property
    def unfounded_statuses_shown(self) -> list[tuple[str, str, int]]:
        """The statuses that hold units (the card lists these)."""
        return [row for row in self.unfounded_by_status if row[2]]

    @property
    def year(self) -> int:
        return self.today.year


def _prefix(path_field: str, root: Org) -> Substr:
    return Substr(path_field, 1, (root.depth + 1) * Org.steplen)


def _headcounts(root: Org) -> Iterable[Any]:
    return (
        Org.objects.filter(path__startswith=root.path)
        .annotate(prefix=_prefix("path", root))
        .order_by()
        .values("prefix")
        .annotate(
            headcount_established=Sum("headcount_established"),
            headcount_contract=Sum("headcount_contract"),
            headcount_dispatched=Sum("headcount_dispatched"),
        )
    )


def _member_counts(root: Org, today: dt.date) -> Iterable[Any]:
    """The members' figures per child prefix on another day than today, from the member rows."""
    return (
        Member.objects.filter(org__path__startswith=root.path, status__in=HOLDING_STATUSES)
        .annotate(prefix=_prefix("org__path", root))
        .order_by()
        .values("prefix")
        .annotate(**count_aggregates(year=today.year, ages_on=today))
    )


def _counted(root: Org, today: dt.date) -> Iterable[Any]:
    """Today's members' figures per child prefix, summed from the 会员计数 rows of the subtree's unions; the joins of a
    row still counting an earlier year are none of this year's (members.counting recounts it on its next change)."""
    sums: dict[str, Any] = {name: Sum(name) for name in COUNT_FIELDS if name != "joined"}
    return (
        MemberCount.objects.filter(org__path__startswith=root.path)
        .annotate(prefix=_prefix("org__path", root))
        .order_by()
        .values("prefix")
        .annotate(
            **sums,
            joined=Sum(Case(When(joined_year=today.year, then=F("joined")), default=0)),
            counted_at=Min("counted_at"),
        )
    )


def _unfounded_counts(root: Org) -> Iterable[Any]:
    return (
        unfounded_units(within=root)
        .annotate(prefix=_prefix("org__path", root))
        .order_by()
        .values("prefix", "unit_category")
        .annotate(n=Count("id"))
    )


def coverage_for(*, root: Org, today: dt.date | None = None) -> Coverage:
    """The statistics of the root's subtree and of each child's subtree, in five queries: of today from the
    会员计数 rows, of another day (`today=`) from the member rows."""
    present = today is None or today == timezone.localdate()
    today = today or timezone.localdate()
    children = list(Org.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path"))
    by_prefix: dict[str, Figures] = {root.path: Figures(), **{c.path: Figures() for c in children}}

    def figures(prefix: str) -> Figures:
        return by_prefix.setdefault(prefix, Figures())

    for row in _headcounts(root):
        target = figures(row["prefix"])
        target.headcount_established = row["headcount_established"] or 0
        target.headcount_contract = row["headcount_contract"] or 0
        target.headcount_dispatched = row["headcount_dispatched"] or 0
    ages_counted_at: dt.datetime | None = None
    for row in _counted(root, today) if present else _member_counts(root, today):
        target = figures(row["prefix"])
        for name, counter in COUNTED_FIGURES.items():
            setattr(target, name, row[counter] or 0)
        target.ages = [row[name] or 0 for name in AGE_FIELDS]
        if row.get("counted_at") is not None:
            ages_counted_at = min(row["counted_at"], ages_counted_at or row["counted_at"])
    categories: dict[str, int] = {}
    for row in _unfounded_counts(root):
        figures(row["prefix"]).unfounded += row["n"]
        categories[row["unit_category"]] = categories.get(row["unit_category"], 0) + row["n"]

    total = Figures()
    for part in by_prefix.values():
        total.add(part)
    labels = dict(UnitCategory.choices)
    return Coverage(
        root=root,
        today=today,
        total=total,
        own=by_prefix[root.path],
        children=[ChildRow(org=c, figures=by_prefix[c.path]) for c in children],
        unfounded_by_category=sorted(
            ((str(labels.get(code, "未填写")), n) for code, n in categories.items()),
            key=lambda item: (-item[1], item[0]),
        ),
        unfounded_by_status=unfounded_units_by_status(within=root),
        ages_counted_at=ages_counted_at,
    )


def dashboard_root_get_for_user(*, user: Actor, code: str) -> Org:
    """An org whose statistics the user may see: 404 outside their orgs, 403 without members.view."""
    return Org.objects.get_visible_or_404(user, ORG_VIEW, demand=VIEW, code=code)


def org_name(*, code: str) -> str:
    """The name of the org with this code ("" if none): the export's file name, once the root was read for the user."""
    return Org.objects.filter(code=code).values_list("name", flat=True).first() or ""


def dashboard_roots_for_user(*, user: Actor) -> QuerySet[Org]:
    """The roots offered in the picker: the orgs of the user's grants and the city and county unions
    below them (deeper orgs are reached by drilling down)."""
    paths = action_paths(user, VIEW)
    return (
        Org.objects.visible_to(user, VIEW)
        .filter(Q(path__in=paths) | Q(level__in=[OrgLevel.CITY, OrgLevel.COUNTY]))
        .order_by("path")
    )


def dashboard_default_root(*, user: Actor, preferred: Org | None) -> Org | None:
    """The console's current org when the user may see its statistics, else the first grant org."""
    if preferred is not None and any(preferred.path.startswith(p) for p in action_paths(user, VIEW)):
        return preferred
    return dashboard_roots_for_user(user=user).filter(path__in=action_paths(user, VIEW)).first()


def dashboard_root_chosen(*, user: Actor, code: str, preferred: Org | None) -> Org:
    """The union a statistics page opens on: `code` when given (404 outside the user's scope), else the console's
    current org or the user's first grant org (403 when there is none)."""
    if code:
        return dashboard_root_get_for_user(user=user, code=code)
    found = dashboard_default_root(user=user, preferred=preferred)
    if found is None:
        raise PermissionDenied
    return found


def ancestors_in_scope(*, user: Actor, org: Org) -> list[Org]:
    """Breadcrumb ancestors the user may open (one query)."""
    paths = [org.path[:i] for i in range(Org.steplen, len(org.path), Org.steplen)]
    granted = action_paths(user, VIEW)
    return [
        a
        for a in Org.objects.filter(path__in=paths).order_by("depth")
        if any(a.path.startswith(p) for p in granted)
    ]
