"""Reads of subsidies to grassroots unions (part `subsidies`).

A subsidy is visible to the union that made it (its subtree, `welfare.care_view`) and to the unions that received
a share of it (an allocation of its quota set in the user's subtrees); a lower union sees its own branch of the
tree only. Amounts: the quota set counts whole yuan (one place = one yuan), spendings are in yuan and fen. Each
union's line of the tree rolls up its subtree: `spent_total` and `unspent` include everything below it."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from gonghui.accounts.scoping import action_paths, has_action
from gonghui.ledger.models import BudgetLine, LedgerEntry
from gonghui.ledger.permissions import can_manage_ledger
from gonghui.ledger.selectors import lines_with_spent
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.quotas.models import QuotaAllocation

from ..choices import SubsidyStatus
from ..models import Subsidy, SubsidySpending
from ..permissions import CARE_MANAGE, CARE_VIEW

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=14, decimal_places=2)
NEAR_SPEND_BY_DAYS = 30  # a share still unspent this close to the spend-by date is flagged


def subsidy_key(subsidy: Subsidy, org: Org) -> str:
    """The ledger's idempotency key of the transfer of one union's share."""
    return f"welfare-subsidy:{subsidy.public_id}:{org.code}"


# ---- visibility ------------------------------------------------------------------------------------------------
# `Subsidy.objects.visible_to(user, CARE_VIEW)`: the subsidies made in the user's subtrees, and those of which a union
# in the user's subtrees received a share (`Subsidy.visible_q` ORs the shares in).


def subsidy_get_visible_or_404(user: Any, subsidy_id: int) -> Subsidy:
    subsidy = (
        Subsidy.objects.visible_to(user, CARE_VIEW)
        .select_related("org", "quota_set", "budget_line__fund__org", "created_by")
        .filter(pk=subsidy_id)
        .first()
    )
    if subsidy is None:
        raise Http404
    return subsidy


@dataclass(frozen=True)
class SubsidyFilters:
    query: str = ""
    year: int | None = None
    status: str = ""

    def any(self) -> bool:
        return bool(self.query or self.year or self.status)


def subsidy_filters(params: Any) -> SubsidyFilters:
    raw_year = str(params.get("year") or "")
    status = str(params.get("status") or "")
    return SubsidyFilters(
        query=str(params.get("q") or "").strip()[:50],
        year=int(raw_year) if raw_year.isdigit() else None,
        status=status if status in SubsidyStatus.values else "",
    )


def subsidy_list_for_user(user: Any, filters: SubsidyFilters) -> QuerySet[Subsidy]:
    subsidies = Subsidy.objects.visible_to(user, CARE_VIEW).select_related("org", "quota_set")
    if filters.query:
        subsidies = subsidies.filter(Q(name__icontains=filters.query) | Q(org__name__icontains=filters.query))
    if filters.year:
        subsidies = subsidies.filter(year=filters.year)
    if filters.status:
        subsidies = subsidies.filter(status=filters.status)
    return subsidies.order_by("-year", "-created_at", "-pk")


def subsidy_years(user: Any) -> list[int]:
    years = Subsidy.objects.visible_to(user, CARE_VIEW).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


# ---- who may do what on one subsidy --------------------------------------------------------------------------


def may_manage_subsidy(user: Any, subsidy: Subsidy) -> bool:
    """Edit and transfer: `welfare.care_manage` on the union that made it."""
    return has_action(user, CARE_MANAGE, subsidy.org)


def may_transfer_subsidy(user: Any, subsidy: Subsidy) -> bool:
    """Transfer also pays through the ledger: `ledger.manage` on the fund's union."""
    return may_manage_subsidy(user, subsidy) and can_manage_ledger(user, subsidy.budget_line.fund.org)


def subsidy_allocations(subsidy: Subsidy) -> list[QuotaAllocation]:
    if subsidy.quota_set_id is None:
        return []
    return list(
        QuotaAllocation.objects.filter(quota_set_id=subsidy.quota_set_id)
        .select_related("org")
        .order_by("org__path")
    )


def giver_orgs(user: Any, subsidy: Subsidy) -> list[Org]:
    """The unions of this subsidy the user may share out from: the union that made it and the unions that received
    a share, which have child unions and where the user holds `welfare.care_manage`; the highest first."""
    candidates = [subsidy.org, *(a.org for a in subsidy_allocations(subsidy))]
    return [org for org in candidates if org.numchild > 0 and has_action(user, CARE_MANAGE, org)]


def spender_allocations(user: Any, subsidy: Subsidy) -> list[QuotaAllocation]:
    """The shares the user may record spending of: those of unions where they hold `welfare.care_manage`."""
    return [a for a in subsidy_allocations(subsidy) if has_action(user, CARE_MANAGE, a.org)]


def org_by_code(orgs: Iterable[Org], code: str) -> Org | None:
    return next((org for org in orgs if org.code == code), None)


def payable_lines(user: Any) -> QuerySet[BudgetLine]:
    """Budget lines a subsidy may come from: of a fund of a union where the user holds `welfare.care_manage`
    (the subsidy is that union's); `remaining` annotated."""
    paths = action_paths(user, CARE_MANAGE)
    lines = BudgetLine.objects.visible_to(user, CARE_MANAGE).filter(fund__org__path__in=paths)
    return lines_with_spent(lines.select_related("fund__org")).order_by(
        "-fund__year", "fund__org__path", "fund__name", "purpose"
    )


# ---- amounts ---------------------------------------------------------------------------------------------------


def _spent_by_allocation(subsidy: Subsidy) -> dict[int, Decimal]:
    return {
        row["allocation_id"]: Decimal(row["total"] or 0).quantize(ZERO)
        for row in SubsidySpending.objects.filter(subsidy=subsidy)
        .values("allocation_id")
        .annotate(total=Sum("amount"))
    }


def allocation_spent(allocation: QuotaAllocation) -> Decimal:
    """What the union holding `allocation` spent itself (not its children)."""
    total = SubsidySpending.objects.filter(allocation=allocation).aggregate(total=Sum("amount"))["total"]
    return Decimal(total or 0).quantize(ZERO)


def allocation_passed_down(allocation: QuotaAllocation) -> int:
    return int(
        QuotaAllocation.objects.filter(parent=allocation).aggregate(total=Sum("allocated"))["total"] or 0
    )


def allocation_of_org(subsidy: Subsidy, org: Org) -> QuotaAllocation | None:
    return QuotaAllocation.objects.filter(quota_set_id=subsidy.quota_set_id, org=org).first()


def top_allocation(subsidy: Subsidy, allocation: QuotaAllocation) -> QuotaAllocation:
    """The first-level share (given by the subsidy's union) of the branch `allocation` lies in."""
    current = allocation
    while current.parent_id is not None:
        current = QuotaAllocation.objects.select_related("org").get(pk=current.parent_id)
    return current


def transferred_keys(subsidy: Subsidy) -> dict[str, LedgerEntry]:
    """The ledger entries of the shares already transferred, by idempotency key."""
    prefix = f"welfare-subsidy:{subsidy.public_id}:"
    return {
        entry.idempotency_key: entry
        for entry in LedgerEntry.objects.filter(idempotency_key__startswith=prefix, reverses__isnull=True)
    }


@dataclass
class SubsidyRow:
    """One union's line of the tree: `allocated` its share (the total for the union that made the subsidy),
    `passed_down` what it shared to its child unions, `spent_own` what it spent itself, `spent_total` what its
    whole subtree spent."""

    org: Org
    allocation: QuotaAllocation | None
    depth: int
    allocated: Decimal
    passed_down: Decimal
    spent_own: Decimal
    spent_total: Decimal = ZERO
    transfer: LedgerEntry | None = None
    is_mine: bool = False
    children: list["SubsidyRow"] = field(default_factory=list)

    @property
    def available(self) -> Decimal:
        """What this union may still spend itself or pass down."""
        return self.allocated - self.passed_down - self.spent_own

    @property
    def unspent(self) -> Decimal:
        """Rolled up: its share less everything its subtree spent."""
        return self.allocated - self.spent_total


def subsidy_tree(subsidy: Subsidy) -> list[SubsidyRow]:
    """The whole tree, depth first: the union that made the subsidy, then every union that received a share, each
    line rolled up over its subtree. Four queries."""
    allocations = subsidy_allocations(subsidy)
    spent = _spent_by_allocation(subsidy)
    keys = transferred_keys(subsidy)
    total = Decimal(subsidy.quota_set.total if subsidy.quota_set is not None else 0).quantize(ZERO)
    root = SubsidyRow(
        org=subsidy.org, allocation=None, depth=0, allocated=total, passed_down=ZERO, spent_own=ZERO
    )
    rows: dict[int | None, SubsidyRow] = {None: root}
    for allocation in allocations:
        rows[allocation.pk] = SubsidyRow(
            org=allocation.org,
            allocation=allocation,
            depth=0,
            allocated=Decimal(allocation.allocated).quantize(ZERO),
            passed_down=ZERO,
            spent_own=spent.get(allocation.pk, ZERO),
            transfer=keys.get(subsidy_key(subsidy, allocation.org)) if allocation.parent_id is None else None,
        )
    for allocation in allocations:  # by org path: children in path order
        parent = rows[allocation.parent_id]
        parent.children.append(rows[allocation.pk])
        parent.passed_down += Decimal(allocation.allocated).quantize(ZERO)

    ordered: list[SubsidyRow] = []

    def walk(row: SubsidyRow, depth: int) -> Decimal:
        row.depth = depth
        ordered.append(row)
        row.spent_total = row.spent_own + sum((walk(child, depth + 1) for child in row.children), ZERO)
        return row.spent_total

    walk(root, 0)
    return ordered


def tree_for_user(rows: list[SubsidyRow], user: Any) -> list[SubsidyRow]:
    """The lines in the user's subtrees (a lower union sees its own branch only), the user's own unions marked."""
    paths = action_paths(user, CARE_VIEW)
    visible = [row for row in rows if any(row.org.path.startswith(path) for path in paths)]
    for row in visible:
        row.is_mine = row.org.path in paths
    return visible


@dataclass(frozen=True)
class SubsidySummary:
    total: Decimal
    allocated: Decimal
    transferred: Decimal
    spent: Decimal

    @property
    def unallocated(self) -> Decimal:
        return self.total - self.allocated

    @property
    def unspent(self) -> Decimal:
        return self.total - self.spent


def subsidy_summary(subsidy: Subsidy, tree: list[SubsidyRow]) -> SubsidySummary:
    """Figures of the whole subsidy, from the full tree (`subsidy_tree(subsidy)` without a user)."""
    root = tree[0]
    transferred = sum((row.allocated for row in root.children if row.transfer is not None), ZERO)
    return SubsidySummary(
        total=root.allocated, allocated=root.passed_down, transferred=transferred, spent=root.spent_total
    )


@dataclass(frozen=True)
class ShareLine:
    """One child union on the allocation page: its current share, the least it may be set to (what it passed down
    and spent) and whether its money was transferred (then it is frozen)."""

    org: Org
    current: int
    floor: Decimal
    transferred: bool


@dataclass(frozen=True)
class AllocationPage:
    giver: Org
    parent: QuotaAllocation | None
    available: Decimal
    lines: list[ShareLine]

    @property
    def allocated(self) -> int:
        return sum(line.current for line in self.lines)

    @property
    def remaining(self) -> Decimal:
        return self.available - self.allocated


def allocation_page(subsidy: Subsidy, giver: Org) -> AllocationPage:
    """What `giver` may share out to its child unions: the subsidy's total (the union that made it) or its own
    share less what it spent itself, and one line per child union."""
    rows = {row.org.pk: row for row in subsidy_tree(subsidy)}
    giver_row = rows[giver.pk]
    available = giver_row.allocated - giver_row.spent_own
    by_org = {child.org.pk: child for child in giver_row.children}
    lines = []
    for child in Org.objects.get_children(giver).order_by("path"):
        row = by_org.get(child.pk)
        lines.append(
            ShareLine(
                org=child,
                current=int(row.allocated) if row else 0,
                floor=(row.passed_down + row.spent_own) if row else ZERO,
                transferred=row is not None and row.transfer is not None,
            )
        )
    return AllocationPage(giver=giver, parent=giver_row.allocation, available=available, lines=lines)


# ---- spendings -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpendingFilters:
    query: str = ""
    org_code: str = ""

    def any(self) -> bool:
        return bool(self.query or self.org_code)


def spending_filters(params: Any) -> SpendingFilters:
    return SpendingFilters(
        query=str(params.get("q") or "").strip()[:50], org_code=str(params.get("org") or "").strip()[:32]
    )


def spending_list_for_user(
    user: Any, subsidy: Subsidy, filters: SpendingFilters
) -> QuerySet[SubsidySpending]:
    """The spendings of the unions in the user's subtrees, newest first; `org` keeps a union and its subtree."""
    spendings = (
        SubsidySpending.objects.visible_to(user, CARE_VIEW)
        .filter(subsidy=subsidy)
        .select_related("org", "member", "recorded_by")
    )
    if filters.org_code:
        chosen = Org.objects.filter(code=filters.org_code).values_list("path", flat=True).first()
        spendings = spendings.filter(org__path__startswith=chosen) if chosen else spendings.none()
    if filters.query:
        spendings = spendings.filter(
            Q(recipient_name__icontains=filters.query)
            | Q(purpose__icontains=filters.query)
            | Q(member__phone=filters.query)
            | Q(member__member_number=filters.query)
        )
    return spendings.order_by("-spent_on", "-pk")


def spending_get_visible_or_404(user: Any, spending_id: int) -> SubsidySpending:
    return SubsidySpending.objects.select_related(
        "subsidy", "subsidy__org", "org", "member", "recorded_by"
    ).get_visible_or_404(user, CARE_VIEW, demand=CARE_MANAGE, pk=spending_id)


def member_for_spending(user: Any, org: Org, query: str) -> Member | None:
    """A member of `org`'s subtree in the user's scope, by mobile number or member number (None when not found or
    out of scope: the same answer)."""
    query = query.strip()
    if not query:
        return None
    return (
        Member.objects.visible_to(user, CARE_MANAGE)
        .filter(org__path__startswith=org.path, status=MemberStatus.ACTIVE)
        .filter(Q(phone=query) | Q(member_number=query))
        .select_related("org")
        .first()
    )


# ---- home counter ----------------------------------------------------------------------------------------------


def shares_near_spend_by(user: Any, today: dt.date) -> int:
    """Shares of unions where the user holds `welfare.care_manage` with money unspent and the spend-by date within
    the next `NEAR_SPEND_BY_DAYS` days."""
    soon = today + dt.timedelta(days=NEAR_SPEND_BY_DAYS)
    paths = action_paths(user, CARE_MANAGE)
    if not paths:
        return 0
    spent = (
        SubsidySpending.objects.filter(allocation=OuterRef("pk"))
        .values("allocation")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    passed_down = (
        QuotaAllocation.objects.filter(parent=OuterRef("pk"))
        .values("parent")
        .annotate(total=Sum("allocated"))
        .values("total")
    )
    return (
        QuotaAllocation.objects.visible_to(user, CARE_MANAGE)
        .filter(
            quota_set__in=Subsidy.objects.filter(
                status=SubsidyStatus.ISSUED, spend_by__lte=soon, spend_by__gte=today
            ).values("quota_set_id"),
            org__path__in=paths,
        )
        .annotate(
            spent=Coalesce(Subquery(spent, output_field=_MONEY), Value(ZERO), output_field=_MONEY),
            passed=Coalesce(Subquery(passed_down, output_field=IntegerField()), Value(0)),
        )
        .filter(spent__lt=ExpressionWrapper(F("allocated") - F("passed"), output_field=_MONEY))
        .count()
    )
