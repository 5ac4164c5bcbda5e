"""Who may do what with 公示. `notices.view` lists and opens the notices published in the user's subtrees (and
their objections, an anonymous objector's contact hidden); who manages a notice — edits, publishes and cancels it,
answers its objections and reveals an anonymous contact with a reason — is the owner kind's decision
(`NoticeOwnerKind.can_manage`); for the block's own kind "org" it is `notices.manage` on the union. Members reach
the portal pages through `core.registry.member_union_of`: the notices addressed to their union's branch."""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.accounts.roles import CONSOLE
from gonghui.accounts.scoping import has_action
from gonghui.core.registry import Role, roles
from gonghui.orgs.models import Org

from .models import Notice
from .owners import owner_kind

VIEW = "notices.view"
MANAGE = "notices.manage"
# A 系统管理员 holds both through `*`. This app's own role gives them to a cadre who runs 公示; the built-in
# 工会管理员 / 工会干事 (both) and 只读审计 (view) are to carry them too (accounts/roles.py, a shared file).
OFFICER_ROLE = "notice_officer"
OFFICER = Role(
    code=OFFICER_ROLE,
    label="公示管理员",
    actions=frozenset({CONSOLE, "orgs.view", VIEW, MANAGE}),
    order=77,
    description="发布本级及下级工会的公示，答复异议",
)


def register_roles() -> None:
    if OFFICER_ROLE not in roles:
        roles.register(OFFICER_ROLE, OFFICER)


def org_can_manage(user: Any, owner: Any) -> bool:
    """The "org" kind: `notices.manage` on the union that owns the notice."""
    return isinstance(owner, Org) and has_action(user, MANAGE, owner)


def can_create_notice(user: Actor, org: Org) -> bool:
    return has_action(user, MANAGE, org)


def can_manage_notice(user: Actor, notice: Notice) -> bool:
    owner = notice.owner
    if owner is None:
        return False
    return bool(owner_kind(notice.kind).can_manage(user, owner))
