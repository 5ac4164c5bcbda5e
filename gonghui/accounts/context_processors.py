"""Console shell context: sidebar from the menu registry, org switcher, current org.

The sidebar is worked out once per process for each distinct *content* it depends on — the roles the user holds
on orgs and on objects (with their definitions) and the menu's entries — and reused while that content is the same.
The key is the content itself, read fresh with the user on every request (`session_user`), so a revoked grant or a
changed role definition is a different key on the very next request: nothing to invalidate, nothing stale."""

from collections.abc import Hashable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest

from gonghui.core.health import platform_warnings
from gonghui.core.registry import MenuItem, menu, roles

from .actors import Visitor
from .scoping import has_action_anywhere, is_cadre, user_grants, user_object_grants
from .workspace import console_orgs, current_org

_MENU_MEMO: dict[Hashable, dict[str, list[MenuItem]]] = {}
_MENU_MEMO_SIZE = 1024  # distinct role combinations per process; emptied when full


def _role(code: str) -> Hashable:
    return (code, roles.get(code) if code in roles else None)


def menu_key(user: Visitor) -> Hashable:
    """Everything `has_action_anywhere` answers the menu from: the role codes held on orgs and on objects (with
    the object's app) with the roles' current definitions, and the menu's entries."""
    on_orgs = frozenset(_role(g.role) for g in user_grants(user))
    on_objects = frozenset(
        (_role(g.role), ContentType.objects.get_for_id(g.content_type_id).app_label)
        for g in user_object_grants(user)
    )
    return (on_orgs, on_objects, tuple(menu.keys()))


def menu_sections(user: Visitor) -> dict[str, list[MenuItem]]:
    """The sidebar's entries the user may open, by section (shared between requests: read only)."""
    key = menu_key(user)
    sections = _MENU_MEMO.get(key)
    if sections is None:
        sections = {}
        for item in menu:
            if has_action_anywhere(user, item.action):
                sections.setdefault(item.section, []).append(item)
        if len(_MENU_MEMO) >= _MENU_MEMO_SIZE:
            _MENU_MEMO.clear()
        _MENU_MEMO[key] = sections
    return sections


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_cadre(user):
        return {}
    return {
        "menu_sections": menu_sections(user),
        "switcher_orgs": console_orgs(user),
        "current_org": current_org(request),
        # platform conditions (no CJK font for PDFs, a year without holiday data …), each to those who can act on it
        "platform_warnings": platform_warnings(lambda action: has_action_anywhere(user, action)),
    }
