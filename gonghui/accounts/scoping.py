"""The one scoping API. Every query of every app goes through a model's `visible_q(user, action)`,
built on `scope_q` here: objects in the subtrees of the orgs where the user holds a role allowing
the action. Explicit shares and deliveries are OR-ed in by the owning model's visible_q.

Object lookups use `scoped_get_or_404`: outside scope → 404, inside scope but without the action → 403.
"""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from gonghui.core.registry import roles

from .models import RoleGrant
from .roles import CONSOLE, PORTAL

M = TypeVar("M", bound=models.Model)
_CACHE_ATTR = "_gonghui_grants"
NOTHING = Q(pk__in=[])


def user_grants(user: Any) -> list[RoleGrant]:
    """The user's grants with their orgs, loaded once per user object (i.e. per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[RoleGrant] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            RoleGrant.objects.filter(user=user, org__status="active")
            .select_related("org")
            .order_by("org__path", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _role_allows(role_code: str, action: str) -> bool:
    return role_code in roles and roles.get(role_code).allows(action)


def action_paths(user: Any, action: str) -> list[str]:
    """Tree paths of the orgs where `action` is granted, with nested ones folded into their parent."""
    paths = sorted({g.org.path for g in user_grants(user) if _role_allows(g.role, action)})
    folded: list[str] = []
    for path in paths:
        if not any(path.startswith(p) for p in folded):
            folded.append(path)
    return folded


def scope_q(user: Any, action: str, *, path_field: str) -> Q:
    """Q for rows whose org path (reached through `path_field`) lies in the user's subtrees."""
    paths = action_paths(user, action)
    if not paths:
        return NOTHING
    q = Q()
    for path in paths:
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def has_action(user: Any, action: str, org: Any) -> bool:
    """Does the user hold `action` on this org (directly or through an ancestor)?"""
    return any(org.path.startswith(p) for p in action_paths(user, action))


def has_action_anywhere(user: Any, action: str) -> bool:
    return bool(action_paths(user, action))


def is_cadre(user: Any) -> bool:
    return has_action_anywhere(user, CONSOLE)


def is_member_user(user: Any) -> bool:
    return has_action_anywhere(user, PORTAL)


def require_action(user: Any, action: str, org: Any) -> None:
    if not has_action(user, action, org):
        raise PermissionDenied


def scoped_get_or_404[M: models.Model](
    queryset: models.QuerySet[M], *, visible: Q, user: Any, action: str, org_attr: str = "org", **lookup: Any
) -> M:
    """Fetch one object among those the user can see (else 404), then demand `action` on its org (else 403)."""
    try:
        obj = queryset.filter(visible).get(**lookup)
    except ObjectDoesNotExist:
        raise Http404 from None
    org = obj if org_attr == "" else getattr(obj, org_attr)
    require_action(user, action, org)
    return obj
