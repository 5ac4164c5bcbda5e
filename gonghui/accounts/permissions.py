"""Who may manage which accounts and grant which roles."""

from django.db.models import Model

from gonghui.orgs.models import Org

from .actors import Actor
from .models import User
from .object_grants import GrantableKind
from .roles import SYSADMIN
from .scoping import has_action, user_grants

MANAGE = "accounts.manage"


def can_grant_role(actor: Actor, role: str, org: Org) -> bool:
    """Roles are granted within the actor's accounts.manage scope; only a 系统管理员 grants 系统管理员."""
    if role == SYSADMIN and not has_action(actor, "*", org):
        return False
    return has_action(actor, MANAGE, org)


def can_manage_user(actor: Actor, target: User) -> bool:
    """An admin manages an account only if every grant of that account lies in the admin's scope."""
    if actor.pk == target.pk:
        return False
    grants = user_grants(target)
    member = getattr(target, "member", None)
    orgs = [g.org for g in grants] + ([member.org] if member is not None else [])
    if not orgs:
        return False
    if any(g.role == SYSADMIN for g in grants) and not all(has_action(actor, "*", o) for o in orgs):
        return False
    return all(has_action(actor, MANAGE, o) for o in orgs)


def can_grant_object(actor: Actor, kind: GrantableKind, obj: Model) -> bool:
    """外部账号授权 on an object: the owning union's account managers (accounts.manage on the object's org), and
    only when the owner app's own rule (`kind.can_grant`) agrees."""
    return has_action(actor, MANAGE, kind.org_of(obj)) and bool(kind.can_grant(actor, obj))
