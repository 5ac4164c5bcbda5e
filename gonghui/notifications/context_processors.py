from typing import Any

from django.http import HttpRequest

from .selectors import unread_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """Unread count for the header badge (console and portal)."""
    user = getattr(request, "user", None)
    return {"unread_notifications": unread_count(user)} if user is not None and user.is_authenticated else {}
