"""Who may do what with orgs. Object visibility is `Org.objects.visible_to`; these add the action checks."""

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action

from .choices import LEVEL_RANK
from .models import Org, UnionFounding

MANAGE = "orgs.manage"


def can_manage_org(user: Actor, org: Org) -> bool:
    return has_action(user, MANAGE, org)


def can_move_org(user: Actor, org: Org) -> bool:
    """Moving needs authority over the org's current parent, not only the org itself:
    a union admin cannot carry their own union out of the subtree that holds it."""
    parent = Org.objects.get_parent(org)
    return parent is not None and has_action(user, MANAGE, parent)


def can_be_parent(parent: Org, child_level: str) -> bool:
    return LEVEL_RANK[parent.level] < LEVEL_RANK[child_level]  # type: ignore[index]


def can_manage_founding(user: Actor, founding: UnionFounding) -> bool:
    """The supervising union's managers register units and record every step (建会)."""
    return has_action(user, MANAGE, founding.org)
