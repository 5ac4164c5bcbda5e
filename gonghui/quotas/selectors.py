"""Reading quotas: what is used and what remains, per allocation and per set, and the allocation tree.

An allocation's places are either handed further down (`sub_allocated`), taken by uses of its own (`used`), or
`remaining`; a set's `remaining` is its total less every active use anywhere in its tree."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet, Sum

from gonghui.accounts.actors import Visitor
from gonghui.orgs.models import Org

from .models import QuotaAllocation, QuotaSet, QuotaUse

ACTIVE = Q(released_at__isnull=True)


def _sum(queryset: QuerySet[QuotaAllocation] | QuerySet[QuotaUse], field: str) -> int:
    return int(queryset.aggregate(total=Sum(field))["total"] or 0)


def allocation_used(allocation: QuotaAllocation) -> int:
    """Places taken by active uses of this allocation itself (not of its children)."""
    return _sum(QuotaUse.objects.filter(ACTIVE, allocation=allocation), "count")


def allocation_sub_allocated(allocation: QuotaAllocation) -> int:
    return _sum(QuotaAllocation.objects.filter(parent=allocation), "allocated")


def allocation_remaining(allocation: QuotaAllocation) -> int:
    """Places of this allocation still free to use or to hand down."""
    return allocation.allocated - allocation_sub_allocated(allocation) - allocation_used(allocation)


def set_allocated(quota_set: QuotaSet) -> int:
    """Places handed to the holder's child unions (the first level of the tree)."""
    return _sum(QuotaAllocation.objects.filter(quota_set=quota_set, parent__isnull=True), "allocated")


def set_used(quota_set: QuotaSet) -> int:
    return _sum(QuotaUse.objects.filter(ACTIVE, allocation__quota_set=quota_set), "count")


@dataclass(frozen=True)
class SetSummary:
    total: int
    allocated: int
    unallocated: int
    used: int
    remaining: int


def set_summary(quota_set: QuotaSet) -> SetSummary:
    allocated, used = set_allocated(quota_set), set_used(quota_set)
    return SetSummary(
        total=quota_set.total,
        allocated=allocated,
        unallocated=quota_set.total - allocated,
        used=used,
        remaining=quota_set.total - used,
    )


@dataclass(frozen=True)
class AllocationRow:
    """One line of the tree view: `used` is this allocation's own uses, `used_below` those of its whole subtree."""

    allocation: QuotaAllocation
    depth: int
    allocated: int
    sub_allocated: int
    used: int
    used_below: int

    @property
    def org(self) -> Org:
        return self.allocation.org

    @property
    def remaining(self) -> int:
        return self.allocated - self.sub_allocated - self.used


def quota_tree(quota_set: QuotaSet) -> list[AllocationRow]:
    """Every allocation of the set, depth first, children ordered by org path — three queries in all."""
    allocations = list(
        QuotaAllocation.objects.filter(quota_set=quota_set).select_related("org").order_by("org__path")
    )
    used: dict[int, int] = {
        row["allocation_id"]: int(row["total"] or 0)
        for row in QuotaUse.objects.filter(ACTIVE, allocation__quota_set=quota_set)
        .values("allocation_id")
        .annotate(total=Sum("count"))
    }
    children: dict[int | None, list[QuotaAllocation]] = {}
    for allocation in allocations:
        children.setdefault(allocation.parent_id, []).append(allocation)
    rows: list[AllocationRow] = []

    def walk(allocation: QuotaAllocation, depth: int) -> int:
        index = len(rows)
        rows.append(AllocationRow(allocation, depth, allocation.allocated, 0, 0, 0))  # replaced below
        kids = children.get(allocation.pk, [])
        below = sum(walk(child, depth + 1) for child in kids)
        own = used.get(allocation.pk, 0)
        rows[index] = AllocationRow(
            allocation=allocation,
            depth=depth,
            allocated=allocation.allocated,
            sub_allocated=sum(child.allocated for child in kids),
            used=own,
            used_below=own + below,
        )
        return own + below

    for top in children.get(None, []):
        walk(top, 0)
    return rows


def allocation_of(quota_set: QuotaSet, org: Org) -> QuotaAllocation | None:
    """The allocation the union received in the set, if any (a nomination app takes its places from here)."""
    return QuotaAllocation.objects.filter(quota_set=quota_set, org=org).select_related("org").first()


def allocations_for_owner(owner_type_id: int, owner_id: int, org: Org) -> QuerySet[QuotaAllocation]:
    """The allocations a union received in the sets belonging to one owner object (a campaign …)."""
    return QuotaAllocation.objects.filter(
        quota_set__owner_type_id=owner_type_id, quota_set__owner_id=owner_id, org=org
    ).select_related("quota_set", "org")


def quota_sets_visible_to(
    user: Visitor, action: str, *, org: Org | None = None, query: str = ""
) -> QuerySet[QuotaSet]:
    """The sets held in the user's subtrees (or by `org` only), newest first, searched by title or issuer."""
    sets = QuotaSet.objects.visible_to(user, action).select_related("org")
    if org is not None:
        sets = sets.filter(org=org)
    if query:
        sets = sets.filter(Q(title__icontains=query) | Q(issuer__icontains=query))
    return sets.order_by("-created_at", "-pk")


def allocations_received_by(user: Visitor, action: str, org: Org) -> QuerySet[QuotaAllocation]:
    """The allocations handed to `org` (what a grassroots union sees: the places it may use or hand down)."""
    return (
        QuotaAllocation.objects.visible_to(user, action)
        .filter(org=org)
        .select_related("quota_set", "quota_set__org", "org")
        .order_by("-created_at", "-pk")
    )


def active_uses_of(owner: Model) -> QuerySet[QuotaUse]:
    """The places an owner object (a nomination …) holds now, with their allocation and set (its detail page shows
    「占用甲县教育工会名额 1 个」; withdrawing it calls `quota_release_for_owner`)."""
    return QuotaUse.objects.filter(
        ACTIVE, used_by_type=ContentType.objects.get_for_model(owner), used_by_id=owner.pk
    ).select_related("allocation__org", "allocation__quota_set")
