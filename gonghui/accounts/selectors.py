"""Reads for accounts, scoped: users whose grants or member record lie in the actor's subtrees."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from gonghui.core.models import AuditLog

from .models import RoleGrant, User
from .scoping import has_action_anywhere, scope_q, scoped_get_or_404


def user_visible_q(actor: Any, action: str = "accounts.view") -> Q:
    return scope_q(actor, action, path_field="grants__org__path") | scope_q(
        actor, action, path_field="member__org__path"
    )


def _grants_in_scope(actor: Any, queryset: QuerySet[RoleGrant]) -> Any:
    """An account's grants as the actor may see them: only those inside the actor's own subtrees."""
    visible = queryset.filter(scope_q(actor, "accounts.view", path_field="org__path")).order_by(
        "org__path", "role"
    )
    return Prefetch("grants", queryset=visible)


def user_list_for_user(*, actor: Any, query: str = "", role: str = "") -> QuerySet[User]:
    ids = User.objects.filter(user_visible_q(actor)).values("pk")
    qs = User.objects.filter(pk__in=ids)
    if query:
        qs = qs.filter(Q(username__icontains=query) | Q(name__icontains=query) | Q(phone=query))
    if role:
        qs = qs.filter(grants__role=role).distinct()
    return qs.prefetch_related(_grants_in_scope(actor, RoleGrant.objects.select_related("org"))).order_by(
        "username"
    )


def user_get_for_user(*, actor: Any, username: str) -> User:
    """One account among those the actor can see, else 404."""
    ids = User.objects.filter(user_visible_q(actor)).values("pk")
    user = (
        User.objects.filter(pk__in=ids, username=username)
        .prefetch_related(_grants_in_scope(actor, RoleGrant.objects.select_related("org", "granted_by")))
        .first()
    )
    if user is None:
        raise Http404
    return user


def grant_get_for_user(*, actor: Any, pk: int) -> RoleGrant:
    return scoped_get_or_404(
        RoleGrant.objects.select_related("org", "user"),
        visible=scope_q(actor, "accounts.view", path_field="org__path"),
        user=actor,
        action="accounts.manage",
        pk=pk,
    )


def audit_list_for_user(
    *, actor: Any, action: str = "", query: str = "", date_from: Any = None, date_to: Any = None
) -> QuerySet[AuditLog]:
    from gonghui.orgs.models import Org

    visible_orgs = Org.objects.visible_to(actor, "audit.view").values("pk")
    scope = Q(org_id__in=visible_orgs)
    if has_action_anywhere(actor, "*"):  # a 系统管理员 also sees events tied to no org (unknown login names)
        scope |= Q(org_id__isnull=True)
    qs = AuditLog.objects.filter(scope)
    if action:
        qs = qs.filter(action=action)
    if query:
        qs = qs.filter(Q(actor_label__icontains=query) | Q(summary__icontains=query))
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.select_related("actor").order_by("-created_at", "-id")
