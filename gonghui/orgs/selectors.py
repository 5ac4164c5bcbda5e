"""Reads for the org tree, always scoped through `Org.objects.visible_to` / `get_visible_or_404`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.http import Http404

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import action_paths, has_action

from .choices import LEVEL_RANK, SUPERVISOR_LEVELS, FoundingStatus, OrgStatus
from .models import Department, Org, UnionFounding
from .permissions import MANAGE
from .validators import normalize_credit_code

VIEW = "orgs.view"


def org_list_for_user(
    *,
    user: Actor,
    action: str = "orgs.view",
    query: str = "",
    level: str = "",
    status: str = "",
    within: Org | None = None,
) -> QuerySet[Org]:
    qs = Org.objects.visible_to(user, action)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(unit_name__icontains=query)
            | Q(code__iexact=query)
        )
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("path")


def org_roots_for_user(*, user: Actor, action: str = "orgs.view") -> QuerySet[Org]:
    """The top orgs of the user's subtrees (where the tree browser starts)."""
    return Org.objects.filter(path__in=action_paths(user, action)).order_by("path")


def org_statistics_root_for_user(
    *, user: Actor, action: str, code: str = "", current: Org | None = None
) -> Org:
    """The union whose subtree a statistics page counts: `code` (the drill-down: a union where the user holds
    `action`, else 404), otherwise the current workspace union if the user holds `action` there, otherwise the
    user's first top union (403 when there is none)."""
    if code:
        root = Org.objects.visible_to(user, action).filter(code=code).first()
        if root is None:
            raise Http404
        return root
    if current is not None and has_action(user, action, current):
        return current
    top = org_roots_for_user(user=user, action=action).first()
    if top is None:
        raise PermissionDenied
    return top


def org_children_for_user(*, user: Actor, org: Org) -> QuerySet[Org]:
    return (
        Org.objects.visible_to(user, VIEW)
        .filter(path__startswith=org.path, depth=org.depth + 1)
        .order_by("path")
    )


def org_get_for_user(*, user: Actor, code: str, action: str = "orgs.view") -> Org:
    return Org.objects.get_visible_or_404(user, VIEW, demand=action, code=code)


def org_ancestors(org: Org) -> list[Org]:
    """Breadcrumb ancestors, root first, in one query."""
    steplen = Org.steplen
    paths = [org.path[:i] for i in range(steplen, len(org.path), steplen)]
    return list(Org.objects.filter(path__in=paths).order_by("depth"))


def org_breadcrumbs(*, user: Actor, org: Org, include_self: bool = False) -> list[Org]:
    """Breadcrumb ancestors (and the org itself when asked), root first, in one query. Each carries `linkable`:
    whether the user may open it — an ancestor above the user's own unions is shown by name, not linked."""
    steplen = Org.steplen
    end = len(org.path) + (steplen if include_self else 0)
    paths = [org.path[:i] for i in range(steplen, end, steplen)]
    return list(
        Org.objects.filter(path__in=paths)
        .annotate(
            linkable=Case(
                When(pk__in=Org.objects.visible_to(user, VIEW).values("pk"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("depth")
    )


def org_move_targets(*, user: Actor, org: Org) -> QuerySet[Org]:
    """Active orgs the user manages, not in the org's own subtree, at a higher level."""
    higher = [level for level, rank in LEVEL_RANK.items() if rank < LEVEL_RANK[org.level]]  # type: ignore[index]
    qs = (
        Org.objects.visible_to(user, MANAGE)
        .filter(status=OrgStatus.ACTIVE, level__in=higher)
        .exclude(path__startswith=org.path)
    )
    parent = Org.objects.get_parent(org)
    if parent is not None:
        qs = qs.exclude(pk=parent.pk)
    return qs.order_by("path")


def department_get_for_user(*, user: Actor, org: Org, pk: int) -> Department:
    return Department.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=MANAGE, org=org, pk=pk
    )


def org_parent_codes(orgs: list[Org]) -> dict[int, str | None]:
    """{org pk: its parent's code} for a page of orgs, in one query."""
    steplen = Org.steplen
    parent_paths = {o.path[:-steplen] for o in orgs if o.depth > 1}
    codes = dict(Org.objects.filter(path__in=parent_paths).values_list("path", "code"))
    return {o.pk: codes.get(o.path[:-steplen]) if o.depth > 1 else None for o in orgs}


# ---- 建会: the register of units, read through UnionFounding.objects.visible_to --------------------------------


def founding_list_for_user(
    *,
    user: Actor,
    status: str = "",
    is_private: bool | None = None,
    unit_category: str = "",
    query: str = "",
    within: Org | None = None,
) -> QuerySet[UnionFounding]:
    qs = UnionFounding.objects.visible_to(user, VIEW).select_related("org", "founded_org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if status:
        qs = qs.filter(status=status)
    if is_private is not None:
        qs = qs.filter(is_private=is_private)
    if unit_category:
        qs = qs.filter(unit_category=unit_category)
    if query:
        qs = qs.filter(
            Q(unit_name__icontains=query)
            | Q(credit_code__iexact=normalize_credit_code(query))
            | Q(contact_name__icontains=query)
        )
    return qs.order_by("org__path", "unit_name", "id")


# 未建会单位 (glossary): registered units (UnionFounding rows) whose 建会 status is not yet 已建会 (已建会 and the
# 信息完善 after it count as founded), in an org's subtree. The home counter and the dashboards both count these.
FOUNDED_STATUSES = (FoundingStatus.FOUNDED, FoundingStatus.COMPLETE)


def unfounded_units(*, within: Org, user: Actor | None = None) -> QuerySet[UnionFounding]:
    """未建会单位 in `within`'s subtree; with `user`, only the units the user may see (orgs.view)."""
    qs = UnionFounding.objects.visible_to(user, VIEW) if user is not None else UnionFounding.objects.all()
    return qs.filter(org__path__startswith=within.path).exclude(status__in=FOUNDED_STATUSES)


def founding_status_counts(queryset: QuerySet[UnionFounding]) -> dict[str, int]:
    """{status: number of units} for the (filtered) register, in one query, every status present."""
    counts = {str(s): 0 for s in FoundingStatus}
    for row in queryset.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def founding_get_for_user(*, user: Actor, public_id: Any, action: str = VIEW) -> UnionFounding:
    return UnionFounding.objects.select_related("org", "founded_org").get_visible_or_404(
        user, VIEW, demand=action, public_id=public_id
    )


def founding_supervisors_for_user(*, user: Actor) -> QuerySet[Org]:
    """Active city and county unions the user manages: where a unit may be registered."""
    return (
        Org.objects.visible_to(user, MANAGE)
        .filter(status=OrgStatus.ACTIVE, level__in=SUPERVISOR_LEVELS)
        .order_by("path")
    )
