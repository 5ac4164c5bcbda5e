"""Reads for accounts, scoped: users whose grants or member record lie in the actor's subtrees."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.core.registry import first_steps
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from .actors import Actor
from .models import ObjectGrant, RoleGrant, User
from .object_grants import GrantableKind, grantable_kinds, kind_of
from .permissions import MANAGE, can_grant_object
from .scoping import (
    grants_visible_to,
    has_action,
    has_action_anywhere,
    require_action,
    scope_q,
    user_grants,
    user_object_grants,
    users_visible_to,
)

VIEW = "accounts.view"


def primary_org_id(user: User) -> int | None:
    """The union an account's audit rows belong to: the org of its first grant in tree order."""
    grants = user_grants(user)
    if grants:
        return grants[0].org_id
    # an outside account belongs to the union that granted it its newest object grant
    return (
        ObjectGrant.objects.filter(user_id=user.pk)
        .order_by("-created_at", "-pk")
        .values_list("org_id", flat=True)
        .first()
    )


@dataclass(frozen=True)
class FirstStepState:
    """One line of the first-steps card: what to do, whether the union has done it, and where (for a cadre who
    may do it; "" otherwise)."""

    key: str
    label: str
    hint: str
    done: bool
    url: str


def first_steps_for_user(*, user: Actor, org: Org | None) -> list[FirstStepState]:
    """The first-steps card of the console home (`core.registry.first_steps`: 设置发文机关代字 → 导入会员名册 → 邀请会员
    开通会员端 → 发布一次答题), each step ticked from the data. Empty — no card — unless the current org is a 基层工会
    with a step still to take that the user may take; so the card disappears once every step is done."""
    if org is None or org.level != OrgLevel.GRASSROOTS:
        return []
    steps: list[FirstStepState] = []
    for step in first_steps:
        allowed = has_action(user, step.action, org)
        url = ""
        if allowed:
            url = step.url(org) if step.url is not None else reverse(step.url_name) if step.url_name else ""
        steps.append(
            FirstStepState(key=step.key, label=step.label, hint=step.hint, done=step.done(org), url=url)
        )
    if not any(not s.done and s.url for s in steps):
        return []
    return steps


def _grants_in_scope(actor: Actor, *related: str) -> Prefetch[Any]:
    """An account's grants as the actor may see them: only those inside the actor's own subtrees."""
    visible = grants_visible_to(actor, VIEW).select_related(*related).order_by("org__path", "role")
    return Prefetch("grants", queryset=visible)


def user_list_for_user(*, actor: Actor, query: str = "", role: str = "") -> QuerySet[User]:
    qs = users_visible_to(actor, VIEW)
    if query:
        qs = qs.filter(Q(username__icontains=query) | Q(name__icontains=query) | Q(phone=query))
    if role:
        qs = qs.filter(grants__role=role).distinct()
    return qs.prefetch_related(_grants_in_scope(actor, "org")).order_by("username")


def user_get_for_user(*, actor: Actor, username: str) -> User:
    """One account among those the actor can see, else 404."""
    user = (
        users_visible_to(actor, VIEW)
        .filter(username=username)
        .prefetch_related(_grants_in_scope(actor, "org", "granted_by"))
        .first()
    )
    if user is None:
        raise Http404
    return user


def grant_get_for_user(*, actor: Actor, pk: int) -> RoleGrant:
    """One grant on an org in the actor's subtrees (else 404) that the actor may manage (else 403)."""
    grant = grants_visible_to(actor, VIEW).select_related("org", "user").filter(pk=pk).first()
    if grant is None:
        raise Http404
    require_action(actor, MANAGE, grant.org)
    return grant


def audit_list_for_user(
    *, actor: Actor, action: str = "", query: str = "", date_from: Any = None, date_to: Any = None
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


# --- object grants (外部账号授权) -------------------------------------------------------------------------------


def grantable_object_get_for_user(*, actor: Actor, kind_key: str, pk: int) -> tuple[GrantableKind, Any]:
    """A grantable object of a registered kind among those in the actor's accounts.manage subtrees (else 404),
    which the actor may grant (the owner app's `can_grant`, else 403)."""
    if kind_key not in grantable_kinds:
        raise Http404
    kind = grantable_kinds.get(kind_key)
    manager: Any = kind.model_class()._default_manager
    obj = manager.get_visible_or_404(actor, MANAGE, pk=pk)
    if not can_grant_object(actor, kind, obj):
        raise PermissionDenied
    return kind, obj


def object_grants_for_object(obj: Model) -> QuerySet[ObjectGrant]:
    """Every grant ever made on the object (active, expired and revoked), newest first."""
    return (
        ObjectGrant.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .select_related("user", "granted_by")
        .order_by("-created_at", "-pk")
    )


def object_grant_get_for_user(*, actor: Actor, pk: int) -> ObjectGrant:
    """One object grant made by a union in the actor's accounts.manage subtrees (else 404) on an object the actor
    may grant (else 403)."""
    grant = (
        ObjectGrant.objects.filter(scope_q(actor, MANAGE, path_field="org__path"), pk=pk)
        .select_related("user", "org")
        .first()
    )
    if grant is None:
        raise Http404
    obj = grant.content_object
    kind = kind_of(obj) if obj is not None else None
    if obj is None or kind is None or not can_grant_object(actor, kind, obj):
        raise PermissionDenied
    return grant


@dataclass(frozen=True)
class GrantedObject:
    """An object an outside account is granted, for its console home: what it is, its page (empty when the role
    does not read it — a 评委 scores from 我的评审), until when."""

    label: str
    title: str
    url: str
    role_label: str
    expires_at: Any


def granted_objects_for_user(user: Actor) -> list[GrantedObject]:
    """The objects the user's live object grants open (an outside account's whole world), with their pages."""
    from gonghui.core.registry import roles

    shown: list[GrantedObject] = []
    for grant in user_object_grants(user):
        obj = grant.content_object
        kind = kind_of(obj) if obj is not None else None
        if obj is None or kind is None:
            continue
        shown.append(
            GrantedObject(
                label=kind.label,
                title=str(obj),
                url=kind.object_url(obj)
                if roles.get(grant.role).allows(kind.entry_action or f"{obj._meta.app_label}.view")
                else "",
                role_label=grant.role_label,
                expires_at=grant.expires_at,
            )
        )
    return shown
