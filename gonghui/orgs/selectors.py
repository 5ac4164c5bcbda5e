"""Reads for the org tree, always scoped through `Org.objects.visible_to` / `get_visible_or_404`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404

from gonghui.accounts.scoping import action_paths, has_action

from .choices import LEVEL_RANK, OrgStatus
from .models import Department, Org
from .permissions import MANAGE

VIEW = "orgs.view"


def org_list_for_user(
    *,
    user: Any,
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


def org_roots_for_user(*, user: Any, action: str = "orgs.view") -> QuerySet[Org]:
    """The top orgs of the user's subtrees (where the tree browser starts)."""
    return Org.objects.filter(path__in=action_paths(user, action)).order_by("path")


def org_statistics_root_for_user(
    *, user: Any, action: str, code: str = "", current: Org | None = None
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


def org_children_for_user(*, user: Any, org: Org) -> QuerySet[Org]:
    return (
        Org.objects.visible_to(user, VIEW)
        .filter(path__startswith=org.path, depth=org.depth + 1)
        .order_by("path")
    )


def org_get_for_user(*, user: Any, code: str, action: str = "orgs.view") -> Org:
    return Org.objects.get_visible_or_404(user, VIEW, demand=action, code=code)


def org_ancestors(org: Org) -> list[Org]:
    """Breadcrumb ancestors, root first, in one query."""
    steplen = Org.steplen
    paths = [org.path[:i] for i in range(steplen, len(org.path), steplen)]
    return list(Org.objects.filter(path__in=paths).order_by("depth"))


def org_breadcrumbs(*, user: Any, org: Org, include_self: bool = False) -> list[Org]:
    """Breadcrumb ancestors (and the org itself when asked), root first, in one query. Each carries `linkable`:
    whether the user may open it — an ancestor above the user's own unions is shown by name, not linked."""
    steplen = Org.steplen
    end = len(org.path) + (steplen if include_self else 0)
    paths = [org.path[:i] for i in range(steplen, end, steplen)]
    return list(
        Org.objects.filter(path__in=paths)
        .annotate(
            linkable=Case(
                When(Org.visible_q(user, VIEW), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("depth")
    )


def org_move_targets(*, user: Any, org: Org) -> QuerySet[Org]:
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


def department_get_for_user(*, user: Any, org: Org, pk: int) -> Department:
    return Department.objects.select_related("org").get_visible_or_404(
        user, VIEW, demand=MANAGE, org=org, pk=pk
    )


def org_parent_codes(orgs: list[Org]) -> dict[int, str | None]:
    """{org pk: its parent's code} for a page of orgs, in one query."""
    steplen = Org.steplen
    parent_paths = {o.path[:-steplen] for o in orgs if o.depth > 1}
    codes = dict(Org.objects.filter(path__in=parent_paths).values_list("path", "code"))
    return {o.pk: codes.get(o.path[:-steplen]) if o.depth > 1 else None for o in orgs}
