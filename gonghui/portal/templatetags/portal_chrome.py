"""The portal's chrome: which tab of the bottom bar a page belongs to, and whether it is a tab's own page.

A page belongs to the section its view names (`portal_section`, or the older `tab`); otherwise to the section of
its address: the home is 首页, 消息 and 我的 (with 我的办理 and the password pages) are theirs, and every other
page — everything a service tile opens, from the home or from 服务 alike — is 服务."""

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()

SECTIONS = ("home", "services", "inbox", "me")
TABS = (
    ("home", "portal:home", "home", "首页"),
    ("services", "portal:services", "layout-grid", "服务"),
    ("inbox", "portal:inbox", "message-circle", "消息"),
    ("me", "portal:me", "user", "我的"),
)
ME_PREFIXES = ("portal:me", "portal:requests", "accounts:password_change")


def section_of(context: template.Context | dict[str, Any]) -> str:
    explicit = context.get("portal_section") or context.get("tab")
    if explicit in SECTIONS:
        return str(explicit)
    request = context.get("request")
    path = request.path if request is not None else ""
    if path == reverse("portal:home"):
        return "home"
    if path.startswith(reverse("portal:inbox")):
        return "inbox"
    if any(path.startswith(reverse(name)) for name in ME_PREFIXES):
        return "me"
    return "services"


@register.simple_tag(takes_context=True)
def portal_is_tab_root(context: template.Context) -> bool:
    """The page is one of the four tabs' own pages (or the login or offline page): it has no back arrow."""
    request = context.get("request")
    roots = {reverse(url_name) for _, url_name, _, _ in TABS} | {
        reverse("portal:login"),
        reverse("portal:offline"),
    }
    return request is not None and request.path in roots


@register.inclusion_tag("portal/_tabbar.html", takes_context=True)
def portal_tabbar(context: template.Context) -> dict[str, Any]:
    current = section_of(context)
    return {
        "tabs": [
            {"key": key, "url": reverse(url_name), "icon": icon, "label": label, "current": key == current}
            for key, url_name, icon, label in TABS
        ],
        "unread_notifications": context.get("unread_notifications"),
    }
