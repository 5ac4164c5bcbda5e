"""Who sees and handles which 诉求.

- `appeals.view` / `appeals.handle` on an org: its subtree's cases, except restricted categories, which need a
  `HandlerDesignation` (user + org + category) covering the case's union;
- `appeals.supervise` (维权督办): the whole subtree including restricted categories; receives overdue escalations;
- `appeals.reveal`: may reveal an anonymous requester, with an audited reason;
- `appeals.view_assigned` (律师): only the cases assigned to them, wherever they are.
"""

from typing import Any

from django.db.models import Q

from gonghui.accounts.scoping import NOTHING, has_action, has_action_anywhere, scope_q

from .models import HandlerDesignation

VIEW = "appeals.view"
HANDLE = "appeals.handle"
SUPERVISE = "appeals.supervise"
REVEAL = "appeals.reveal"
VIEW_ASSIGNED = "appeals.view_assigned"
CONFIGURE = "appeals.configure"  # the platform-wide category list (system administrators)

_DESIGNATIONS_ATTR = "_appeal_designations"


def user_designations(user: Any) -> list[tuple[str, int]]:
    """(org path, category id) of the user's designations for restricted categories, loaded once per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[tuple[str, int]] | None = getattr(user, _DESIGNATIONS_ATTR, None)
    if cached is None:
        cached = list(
            HandlerDesignation.objects.filter(user=user, org__status="active").values_list(
                "org__path", "category_id"
            )
        )
        setattr(user, _DESIGNATIONS_ATTR, cached)
    return cached


def forget_designations(user: Any) -> None:
    if hasattr(user, _DESIGNATIONS_ATTR):
        delattr(user, _DESIGNATIONS_ATTR)


def _designation_q(user: Any) -> Q:
    q = NOTHING
    for path, category_id in user_designations(user):
        q |= Q(org__path__startswith=path, category_id=category_id)
    return q


def appeal_visible_q(user: Any, action: str = VIEW) -> Q:
    """Cases the user may see (`VIEW`) or act on (`HANDLE`)."""
    if action not in (VIEW, HANDLE):
        return scope_q(user, action, path_field="org__path")
    allowed_category = Q(category__is_restricted=False) | _designation_q(user)
    q = (scope_q(user, action, path_field="org__path") & allowed_category) | scope_q(
        user, SUPERVISE, path_field="org__path"
    )
    if action == VIEW and has_action_anywhere(user, VIEW_ASSIGNED):
        q |= Q(lawyer_id=user.pk)
    return q


def may_see_category(user: Any, appeal: Any) -> bool:
    if not appeal.category.is_restricted or has_action(user, SUPERVISE, appeal.org):
        return True
    return any(
        appeal.category_id == category_id and appeal.org.path.startswith(path)
        for path, category_id in user_designations(user)
    )


def can_handle_appeal(user: Any, appeal: Any) -> bool:
    if has_action(user, SUPERVISE, appeal.org):
        return True
    return has_action(user, HANDLE, appeal.org) and may_see_category(user, appeal)


def can_note_appeal(user: Any, appeal: Any) -> bool:
    """Internal notes: the handlers, and the lawyer assigned to the case (a legal opinion)."""
    if can_handle_appeal(user, appeal):
        return True
    return (
        appeal.lawyer_id is not None
        and appeal.lawyer_id == user.pk
        and has_action_anywhere(user, VIEW_ASSIGNED)
    )


def can_reveal_appeal(user: Any, appeal: Any) -> bool:
    return bool(appeal.is_anonymous) and has_action(user, REVEAL, appeal.org)


def can_supervise_org(user: Any, org: Any) -> bool:
    return has_action(user, SUPERVISE, org)


def is_desk_user(user: Any) -> bool:
    """May open the case desk: a handler somewhere, or a lawyer with assigned cases."""
    return has_action_anywhere(user, VIEW) or has_action_anywhere(user, VIEW_ASSIGNED)
