"""View guards: console pages need a cadre role, portal pages a member record."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import User
from .scoping import has_action_anywhere, is_cadre

View = Callable[..., HttpResponse]


def console_view(action: str | None = None) -> Callable[[View], View]:
    """Login required; the user must hold a console role (else 403) and, when given, `action`
    somewhere in the tree (object-level checks are the selectors' job)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_cadre(request.user):
                raise PermissionDenied
            if action is not None and not has_action_anywhere(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def api_console_check(request: HttpRequest) -> None:
    """API equivalent of console_view: authenticated by the API layer; needs a console role."""
    if not is_cadre(request.user):
        raise PermissionDenied


class AuthedRequest(HttpRequest):
    """A request behind login_required/console_view: `user` is a real User."""

    user: User  # type: ignore[assignment]
