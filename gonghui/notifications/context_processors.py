from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """Unread count for the header badge (console and portal), counted only when a template shows it: an HTMX
    fragment without the header pays no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
