"""Console shell context: sidebar from the menu registry, org switcher, current org."""

from typing import Any

from django.http import HttpRequest

from gonghui.core.health import platform_warnings
from gonghui.core.registry import menu

from .scoping import has_action_anywhere, is_cadre
from .workspace import console_orgs, current_org


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_cadre(user):
        return {}
    sections: dict[str, list[Any]] = {}
    for item in menu:
        if has_action_anywhere(user, item.action):
            sections.setdefault(item.section, []).append(item)
    return {
        "menu_sections": sections,
        "switcher_orgs": console_orgs(user),
        "current_org": current_org(request),
        # platform conditions (no CJK font for PDFs, a year without holiday data …), each to those who can act on it
        "platform_warnings": platform_warnings(lambda action: has_action_anywhere(user, action)),
    }
