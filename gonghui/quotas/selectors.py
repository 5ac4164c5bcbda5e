"""Reading quotas: what is used and what remains, per allocation and per set, and the allocation tree.

An allocation's places are either handed further down (`sub_allocated`), taken by uses of its own (`used`), or
`remaining`; a set's `remaining` is its total less every active use anywhere in its tree."""

from dataclasses import dataclass
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from gonghui.accounts.actors import Visitor
from gonghui.core.models import AuditLog
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


# ---- the console pages -------------------------------------------------------------------------------------------


def _summed(queryset: QuerySet[QuotaAllocation] | QuerySet[QuotaUse], group: str, field: str) -> Coalesce:
    """A correlated `SUM(field)` of `queryset` grouped by `group` (0 when there are no rows)."""
    total = queryset.values(group).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def quota_set_list_for_user(
    user: Visitor, action: str, *, query: str = "", source: str = "", year: int | None = None
) -> QuerySet[QuotaSet]:
    """The sets held in the user's subtrees with `allocated_count` (first level), `used_count` (active uses
    anywhere in the tree) and `remaining_count`, searched by title or issuer, filtered by source and year."""
    sets = quota_sets_visible_to(user, action, query=query)
    if source:
        sets = sets.filter(source=source)
    if year is not None:
        sets = sets.filter(created_at__year=year)
    return sets.annotate(
        allocated_count=_summed(
            QuotaAllocation.objects.filter(quota_set=OuterRef("pk"), parent__isnull=True),
            "quota_set",
            "allocated",
        ),
        used_count=_summed(
            QuotaUse.objects.filter(ACTIVE, allocation__quota_set=OuterRef("pk")),
            "allocation__quota_set",
            "count",
        ),
    ).annotate(remaining_count=F("total") - F("used_count"))


def _with_counts(allocations: QuerySet[QuotaAllocation]) -> QuerySet[QuotaAllocation]:
    return allocations.annotate(
        sub_allocated_count=_summed(
            QuotaAllocation.objects.filter(parent=OuterRef("pk")), "parent", "allocated"
        ),
        used_count=_summed(QuotaUse.objects.filter(ACTIVE, allocation=OuterRef("pk")), "allocation", "count"),
    ).annotate(remaining_count=F("allocated") - F("sub_allocated_count") - F("used_count"))


def allocations_received_list(
    user: Visitor, action: str, *, query: str = "", source: str = "", year: int | None = None
) -> QuerySet[QuotaAllocation]:
    """上级分来的名额: the highest allocations handed into the user's subtrees from a set held outside them (a
    county union sees what the city gave it, not the lines it handed further down), with their counts."""
    visible = QuotaAllocation.objects.visible_to(user, action)
    allocations = visible.exclude(
        quota_set__in=QuotaSet.objects.visible_to(user, action).values("pk")
    ).exclude(parent__in=visible.values("pk"))
    if query:
        allocations = allocations.filter(
            Q(quota_set__title__icontains=query) | Q(quota_set__issuer__icontains=query)
        )
    if source:
        allocations = allocations.filter(quota_set__source=source)
    if year is not None:
        allocations = allocations.filter(quota_set__created_at__year=year)
    return _with_counts(
        allocations.select_related("quota_set", "quota_set__org", "org", "parent__org")
    ).order_by("-quota_set__created_at", "org__path")


def quota_set_years(user: Visitor, action: str) -> list[int]:
    """The years in which the user's visible sets were created, newest first (the year filter)."""
    sets = QuotaSet.objects.filter(
        Q(pk__in=QuotaSet.objects.visible_to(user, action).values("pk"))
        | Q(pk__in=QuotaAllocation.objects.visible_to(user, action).values("quota_set"))
    )
    return sorted({created.year for created in sets.dates("created_at", "year")}, reverse=True)


def quota_set_get_visible_or_404(user: Visitor, action: str, public_id: UUID | str) -> QuotaSet:
    return QuotaSet.objects.select_related("org", "created_by").get_visible_or_404(
        user, action, public_id=public_id
    )


def allocation_get_visible_or_404(user: Visitor, action: str, pk: int) -> QuotaAllocation:
    return QuotaAllocation.objects.select_related(
        "quota_set", "quota_set__org", "org", "parent", "parent__org", "created_by"
    ).get_visible_or_404(user, action, pk=pk)


def allocation_subtree(allocation: QuotaAllocation) -> list[AllocationRow]:
    """The tree lines of one allocation and everything handed down from it (depth counted from it)."""
    rows = quota_tree(allocation.quota_set)
    start = next((index for index, row in enumerate(rows) if row.allocation.pk == allocation.pk), None)
    if start is None:
        return []
    base = rows[start].depth
    subtree = [rows[start]]
    for row in rows[start + 1 :]:
        if row.depth <= base:
            break
        subtree.append(row)
    return [
        AllocationRow(
            allocation=row.allocation,
            depth=row.depth - base,
            allocated=row.allocated,
            sub_allocated=row.sub_allocated,
            used=row.used,
            used_below=row.used_below,
        )
        for row in subtree
    ]


def allocation_level(quota_set: QuotaSet, parent: QuotaAllocation | None) -> dict[int, QuotaAllocation]:
    """The allocations of one level ({org_id: allocation}): the set's first level, or those handed down from
    `parent`."""
    level = QuotaAllocation.objects.filter(quota_set=quota_set, parent=parent).select_related("org")
    return {allocation.org_id: allocation for allocation in level}


def allocation_targets(giver: Org) -> list[Org]:
    """The direct child unions a union hands places to, active ones and those that already hold places."""
    return list(Org.objects.get_children(giver).order_by("path"))


def level_available(quota_set: QuotaSet, parent: QuotaAllocation | None, *, besides: set[int]) -> int:
    """The places of one level free to split over the unions `besides` (their current places included): the set's
    total or the parent's places less its own uses, less what the level's other unions hold."""
    total = quota_set.total if parent is None else parent.allocated - allocation_used(parent)
    others = QuotaAllocation.objects.filter(quota_set=quota_set, parent=parent).exclude(org_id__in=besides)
    return total - _sum(others, "allocated")


def quota_uses_of(allocations: list[QuotaAllocation]) -> list[QuotaUse]:
    """The uses (active and released) of the given allocations, newest first, with what took them and the relations
    its label reads (the owner model's optional `quota_use_related`, e.g. a 疗休养 place's member and batch)."""
    uses = list(
        QuotaUse.objects.filter(allocation__in=allocations)
        .select_related("allocation__org", "created_by", "released_by", "used_by_type")
        .prefetch_related("used_by")
        .order_by("-created_at", "-pk")
    )
    by_model: dict[type[Model], list[Model]] = {}
    for use in uses:
        if use.used_by is not None:
            by_model.setdefault(type(use.used_by), []).append(use.used_by)
    for model, owners in by_model.items():
        prefetch_related_objects(owners, *getattr(model, "quota_use_related", ()))
    return uses


def quota_history(quota_set: QuotaSet | None, allocations: list[QuotaAllocation]) -> QuerySet[AuditLog]:
    """变更记录: the audit rows the services wrote about the set (created, changed, allocated) and about the given
    allocations (re-allocated, places taken and released), newest first."""
    rows = Q(
        content_type=ContentType.objects.get_for_model(QuotaAllocation),
        object_id__in=[str(allocation.pk) for allocation in allocations],
    )
    if quota_set is not None:
        rows |= Q(content_type=ContentType.objects.get_for_model(QuotaSet), object_id=str(quota_set.pk))
    return AuditLog.objects.filter(rows).select_related("actor").order_by("-created_at", "-id")
