"""Who sees and handles which 诉求.

- `appeals.view` / `appeals.handle` on an org: its subtree's cases, except restricted categories, which need a
  `HandlerDesignation` (user + org + category) covering the case's union;
- `appeals.supervise` (维权督办): the whole subtree including restricted categories; receives overdue escalations;
- `appeals.reveal`: may reveal an anonymous requester, with an audited reason;
- `appeals.view_assigned` (律师): only the cases assigned to them, wherever they are.
"""

from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action, has_action_anywhere

# Re-exported: the action names and the designation cache live in models, beside `Appeal.visible_q`.
from .models import CONFIGURE as CONFIGURE
from .models import HANDLE as HANDLE
from .models import REVEAL as REVEAL
from .models import SUPERVISE as SUPERVISE
from .models import VIEW as VIEW
from .models import VIEW_ASSIGNED as VIEW_ASSIGNED
from .models import forget_designations as forget_designations
from .models import user_designations


def may_see_category(user: Actor, appeal: Any) -> bool:
    if not appeal.category.is_restricted or has_action(user, SUPERVISE, appeal.org):
        return True
    return any(
        appeal.category_id == category_id and appeal.org.path.startswith(path)
        for path, category_id in user_designations(user)
    )


def can_handle_appeal(user: Actor, appeal: Any) -> bool:
    if has_action(user, SUPERVISE, appeal.org):
        return True
    return has_action(user, HANDLE, appeal.org) and may_see_category(user, appeal)


def can_note_appeal(user: Actor, appeal: Any) -> bool:
    """Internal notes: the handlers, and the lawyer assigned to the case (a legal opinion)."""
    if can_handle_appeal(user, appeal):
        return True
    return (
        appeal.lawyer_id is not None
        and appeal.lawyer_id == user.pk
        and has_action_anywhere(user, VIEW_ASSIGNED)
    )


def can_reveal_appeal(user: Actor, appeal: Any) -> bool:
    return bool(appeal.is_anonymous) and has_action(user, REVEAL, appeal.org)


def can_supervise_org(user: Actor, org: Any) -> bool:
    return has_action(user, SUPERVISE, org)


def is_desk_user(user: Actor) -> bool:
    """May open the case desk: a handler somewhere, or a lawyer with assigned cases."""
    return has_action_anywhere(user, VIEW) or has_action_anywhere(user, VIEW_ASSIGNED)
