"""Who may do what with 名额. `quotas.view` reads the sets held in the user's subtrees and the allocations handed
into them; `quotas.manage` on the holding union creates a set and allocates its first level, and on a receiving
union re-allocates that union's places further down. Taking places (`quota_use`) is the owner app's decision (a
nomination app checks its own action), so no action is registered for it here."""

from gonghui.accounts.actors import Visitor
from gonghui.accounts.roles import CONSOLE
from gonghui.accounts.scoping import has_action
from gonghui.core.registry import Role, roles
from gonghui.orgs.models import Org

from .models import QuotaAllocation, QuotaSet

VIEW = "quotas.view"
MANAGE = "quotas.manage"
# A 系统管理员 holds both through `*`; the built-in 工会管理员 / 工会干事 are to carry them too (accounts/roles.py,
# a shared file); meanwhile this role gives them to the cadre who hands out places.
OFFICER_ROLE = "quota_officer"
OFFICER = Role(
    code=OFFICER_ROLE,
    label="名额管理员",
    actions=frozenset({CONSOLE, "orgs.view", VIEW, MANAGE}),
    order=78,
    description="设定或接收上级下达的名额，分配到下级工会",
)


def register_roles() -> None:
    if OFFICER_ROLE not in roles:
        roles.register(OFFICER_ROLE, OFFICER)


def can_create_set(user: Visitor, org: Org) -> bool:
    return has_action(user, MANAGE, org)


def can_allocate(user: Visitor, quota_set: QuotaSet, parent: QuotaAllocation | None = None) -> bool:
    """The holder allocates the first level; the receiving union of `parent` re-allocates its own places."""
    return has_action(user, MANAGE, quota_set.org if parent is None else parent.org)


def can_view_set(user: Visitor, quota_set: QuotaSet) -> bool:
    """The holder's subtree reads the whole set; a receiving union sees only its own allocation's page."""
    return has_action(user, VIEW, quota_set.org)
