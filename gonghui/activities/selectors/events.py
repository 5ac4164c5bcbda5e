"""Reads of part events — activities: the list with its filters and per-row counts, one activity with its figures,
the unions and budget lines a cadre may choose, the budget left and the statistics by union, kind and month.

Every query starts from `Activity.objects.visible_to(user, VIEW)`: a union's cadres see the activities of their
union and of its subtree. The counts are subqueries (never two joined Counts, which would multiply each other)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.scoping import action_paths
from gonghui.core.statistics import shown_count
from gonghui.ledger.models import BudgetLine
from gonghui.ledger.selectors import lines_with_spent
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from ..audiences import audience_for, audience_q
from ..choices import ActivityKind, ActivityStatus, RegistrationStatus
from ..models import Activity, ActivitySpending, Attendance, Registration
from ..permissions import MANAGE, MIN_CELL, VIEW

ZERO = Decimal("0.00")
WHEN_CHOICES = (("upcoming", "未开始及进行中"), ("past", "已结束"))


# ---- the list ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityFilters:
    query: str = ""
    kind: str = ""
    status: str = ""
    org: str = ""  # an org code: that union's subtree
    month: str = ""  # "YYYY-MM": activities starting in that month
    when: str = ""  # "upcoming" / "past"

    def any(self) -> bool:
        return bool(self.query or self.kind or self.status or self.org or self.month or self.when)


def _month(raw: str) -> str:
    try:
        dt.date.fromisoformat(f"{raw}-01")
    except ValueError:
        return ""
    return raw


def activity_filters(params: Any) -> ActivityFilters:
    kind = str(params.get("kind") or "")
    status = str(params.get("status") or "")
    when = str(params.get("when") or "")
    return ActivityFilters(
        query=str(params.get("q") or "").strip()[:50],
        kind=kind if kind in ActivityKind.values else "",
        status=status if status in ActivityStatus.values else "",
        org=str(params.get("org") or "").strip().upper()[:20],
        month=_month(str(params.get("month") or "")[:7]),
        when=when if when in dict(WHEN_CHOICES) else "",
    )


def _count(model: Any, **where: Any) -> Subquery:
    rows = (
        model.objects.filter(activity=OuterRef("pk"), **where)
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))  # type: ignore[return-value]


def with_counts(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """`confirmed` (已报名), `waiting` (待审核 + 候补) and `attended` (签到) on each row."""
    return activities.annotate(
        confirmed=_count(Registration, status=RegistrationStatus.CONFIRMED),
        waiting=_count(Registration, status__in=(RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED)),
        attended=_count(Attendance),
    )


def activity_list_for_user(user: Any, filters: ActivityFilters) -> QuerySet[Activity]:
    activities = Activity.objects.visible_to(user, VIEW).select_related("org")
    if filters.query:
        activities = activities.filter(Q(title__icontains=filters.query) | Q(place__icontains=filters.query))
    if filters.kind:
        activities = activities.filter(kind=filters.kind)
    if filters.status:
        activities = activities.filter(status=filters.status)
    if filters.org:
        path = Org.objects.filter(code=filters.org).values_list("path", flat=True).first()
        activities = activities.filter(org__path__startswith=path) if path else activities.none()
    if filters.month:
        year, month = (int(part) for part in filters.month.split("-"))
        activities = activities.filter(starts_at__year=year, starts_at__month=month)
    now = timezone.now()
    if filters.when == "upcoming":
        activities = activities.filter(ends_at__gt=now)
    elif filters.when == "past":
        activities = activities.filter(ends_at__lte=now)
    return with_counts(activities).order_by("-starts_at", "-pk")


def union_choices(user: Any, action: str = VIEW) -> list[tuple[str, str]]:
    """The unions of the user's subtrees (indented by depth), for a filter or a chooser."""
    orgs = Org.objects.visible_to(user, action).only("code", "name", "depth")
    top = min((org.depth for org in orgs), default=0)
    return [(org.code, "　" * (org.depth - top) + org.name) for org in orgs]


def manage_orgs(user: Any) -> QuerySet[Org]:
    """The unions the user may organise activities for (`activities.manage`: their unions and subtrees)."""
    return Org.objects.visible_to(user, MANAGE)


# ---- one activity ------------------------------------------------------------------------------------------------


def activity_get_visible_or_404(user: Any, activity_id: int) -> Activity:
    activity = (
        with_counts(Activity.objects.visible_to(user, VIEW))
        .select_related("org", "budget_line__fund__org", "created_by")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def spending_get_visible_or_404(user: Any, spending_id: int) -> ActivitySpending:
    spending = (
        ActivitySpending.objects.visible_to(user, VIEW)
        .select_related("activity__org", "recorded_by")
        .filter(pk=spending_id)
        .first()
    )
    if spending is None:
        raise Http404
    return spending


def registration_counts(activity: Activity) -> dict[str, int]:
    """The number of registrations in each status."""
    rows = Registration.objects.filter(activity=activity).values("status").annotate(n=Count("pk")).order_by()
    return {row["status"]: row["n"] for row in rows}


def confirmed_count(activity: Activity) -> int:
    return Registration.objects.filter(activity=activity, status=RegistrationStatus.CONFIRMED).count()


@dataclass(frozen=True)
class PrivateAudience:
    """What the organiser learns of a private audience (the single members of 婚恋交友): its label, its size as
    shown (never a list), whether invitations can be sent through the registering app and whether they were."""

    label: str
    size_shown: str
    can_invite: bool
    invited: bool


def private_audience(activity: Activity) -> PrivateAudience | None:
    """None unless `activity`'s audience is private."""
    audience = audience_for(activity)
    if not audience.private:
        return None
    size = Member.objects.filter(audience_q(activity)).count()
    return PrivateAudience(
        label=audience.label,
        size_shown=shown_count(size),
        can_invite=audience.invite is not None,
        invited=bool(audience.invited and audience.invited(activity)),
    )


def budget_lines_for(user: Any, org: Org | None) -> QuerySet[BudgetLine]:
    """The budget lines an activity of `org` may be paid from: of `org`'s own funds, visible to the user;
    `remaining` annotated."""
    if org is None:
        return BudgetLine.objects.none()
    lines = BudgetLine.objects.visible_to(user, "ledger.view").filter(fund__org=org)
    return lines_with_spent(lines.select_related("fund__org")).order_by(
        "-fund__year", "fund__name", "purpose"
    )


def budget_lines_of_manage_orgs(user: Any) -> QuerySet[BudgetLine]:
    """Every line the create form may offer (its union is chosen on the same form; the service checks the pair)."""
    paths = action_paths(user, MANAGE)
    if not paths:
        return BudgetLine.objects.none()
    within = Q()
    for path in paths:
        within |= Q(fund__org__path__startswith=path)
    lines = BudgetLine.objects.visible_to(user, "ledger.view").filter(within)
    return lines_with_spent(lines.select_related("fund__org")).order_by(
        "fund__org__path", "-fund__year", "fund__name", "purpose"
    )


def activity_spent(activity: Activity) -> Decimal:
    total = ActivitySpending.objects.filter(activity=activity).aggregate(total=Sum("amount"))["total"]
    return Decimal(total or 0).quantize(ZERO)


@dataclass(frozen=True)
class BudgetSummary:
    budget: Decimal | None
    spent: Decimal
    left: Decimal | None


def budget_summary(activity: Activity) -> BudgetSummary:
    spent = activity_spent(activity)
    budget = activity.budget
    return BudgetSummary(budget=budget, spent=spent, left=None if budget is None else budget - spent)


def spending_list(activity: Activity) -> QuerySet[ActivitySpending]:
    return (
        ActivitySpending.objects.filter(activity=activity)
        .select_related("recorded_by")
        .order_by("spent_on", "pk")
    )


# ---- statistics --------------------------------------------------------------------------------------------------


@dataclass
class StatRow:
    label: str
    activities: int = 0
    registrations: int = 0
    attendances: int = 0
    code: str = ""  # an org's code, to drill down

    @property
    def small(self) -> bool:
        """A cell about fewer than MIN_CELL people is not shown."""
        return 0 < self.registrations < MIN_CELL or 0 < self.attendances < MIN_CELL

    def shown(self, value: int) -> str:
        return shown_count(value)

    @property
    def registrations_shown(self) -> str:
        return self.shown(self.registrations)

    @property
    def attendances_shown(self) -> str:
        return self.shown(self.attendances)

    @property
    def rate_shown(self) -> str:
        """签到率 = 签到 / 已报名; hidden when either count is a small cell or nobody registered."""
        if self.small or not self.registrations:
            return "—"
        return f"{self.attendances * 100 / self.registrations:.1f}%"


@dataclass
class ActivityStats:
    root: Org
    year: int
    by_union: list[StatRow] = field(default_factory=list)
    by_kind: list[StatRow] = field(default_factory=list)
    by_month: list[StatRow] = field(default_factory=list)
    total: StatRow = field(default_factory=lambda: StatRow(label="合计"))


def stats_roots(user: Any) -> list[Org]:
    """The unions a statistics page may start from: every union in the user's subtrees."""
    return list(Org.objects.visible_to(user, VIEW).only("code", "name", "path", "depth", "numchild"))


def _people_by(field_name: str, model: Any, activities: QuerySet[Activity], **where: Any) -> dict[Any, int]:
    rows = (
        model.objects.filter(activity__in=activities.values("pk"), **where)
        .values(field_name)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row[field_name]: row["n"] for row in rows}


def activity_stats(root: Org, year: int) -> ActivityStats:
    """The published and finished-or-not activities of `root`'s subtree starting in `year` (cancelled ones left
    out), by union (本级, then one row per direct child union with its subtree rolled up), by kind and by month;
    registrations are the confirmed ones."""
    activities = Activity.objects.filter(
        org__path__startswith=root.path, starts_at__year=year, status=ActivityStatus.PUBLISHED
    )
    stats = ActivityStats(root=root, year=year)
    confirmed = {"status": RegistrationStatus.CONFIRMED}
    step = Org.steplen

    # by union: the first `len(root.path) + step` characters of an org path name the direct child (or root itself)
    children = list(Org.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path"))
    rows = {root.path: StatRow(label=f"{root.name}（本级）", code=root.code)}
    for child in children:
        rows[child.path] = StatRow(label=child.name, code=child.code if child.numchild else "")

    def branch(path: str) -> str:
        return path[: len(root.path) + step] if len(path) > len(root.path) else root.path

    for path, n in _by_path(activities.values("org__path").annotate(n=Count("pk")).order_by()):
        rows[branch(path)].activities += n
    for path, n in _people_by("activity__org__path", Registration, activities, **confirmed).items():
        rows[branch(path)].registrations += n
    for path, n in _people_by("activity__org__path", Attendance, activities).items():
        rows[branch(path)].attendances += n
    stats.by_union = list(rows.values())

    kinds = {kind: StatRow(label=str(label)) for kind, label in ActivityKind.choices}
    for row in activities.values("kind").annotate(n=Count("pk")).order_by():
        kinds[row["kind"]].activities = row["n"]
    for kind, n in _people_by("activity__kind", Registration, activities, **confirmed).items():
        kinds[kind].registrations = n
    for kind, n in _people_by("activity__kind", Attendance, activities).items():
        kinds[kind].attendances = n
    stats.by_kind = list(kinds.values())

    months = {m: StatRow(label=f"{m}月") for m in range(1, 13)}
    by_month = activities.annotate(m=ExtractMonth("starts_at")).values("m").annotate(n=Count("pk"))
    for month_row in by_month.order_by():
        months[month_row["m"]].activities = month_row["n"]
    month_key = "activity__starts_at__month"
    for m, n in _people_by(month_key, Registration, activities, **confirmed).items():
        months[m].registrations = n
    for m, n in _people_by(month_key, Attendance, activities).items():
        months[m].attendances = n
    stats.by_month = list(months.values())

    stats.total = StatRow(
        label="合计",
        activities=sum(r.activities for r in stats.by_union),
        registrations=sum(r.registrations for r in stats.by_union),
        attendances=sum(r.attendances for r in stats.by_union),
    )
    return stats


def _by_path(rows: Any) -> list[tuple[str, int]]:
    return [(row["org__path"], row["n"]) for row in rows]


def stats_years(user: Any) -> list[int]:
    this_year = timezone.localdate().year
    dates = Activity.objects.visible_to(user, VIEW).dates("starts_at", "year")
    return sorted({d.year for d in dates} | {this_year}, reverse=True)


def activities_this_week_count(user: Any) -> int:
    """本周活动: published activities of the user's subtrees starting this week (Monday to Sunday)."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    return (
        Activity.objects.visible_to(user, VIEW)
        .filter(
            status=ActivityStatus.PUBLISHED,
            starts_at__date__gte=monday,
            starts_at__date__lte=monday + dt.timedelta(days=6),
        )
        .count()
    )
