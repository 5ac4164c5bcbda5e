"""`portal_view`: the guard of every member portal page (any app's). It lives in members, which owns the member
record it loads, so that apps below the portal shell need not import it."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control

from gonghui.accounts.scoping import is_member_user

from .selectors.registry import member_for_user, portal_member_remember

View = Callable[..., HttpResponseBase]


def portal_view(view: View) -> View:
    """Member portal pages: logged in (portal login page), holding the member role, with a member record. They are
    answered `Cache-Control: no-store, private`: a member's own page never stays in the browser's cache, so the back
    button after logout (or the next person on a shared phone) cannot show it."""

    @login_required(login_url="portal:login")
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        member = member_for_user(request.user) if is_member_user(request.user) else None
        if member is None:
            raise PermissionDenied
        request.member = member  # type: ignore[attr-defined]
        portal_member_remember(request.user, member)
        response = view(request, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)
        return response

    return wrapped
