"""Response headers for responses that carry unmasked personal data.

`sensitive_response` marks every response of a view that reveals unmasked personal data (an ID number reveal,
an anonymous requester's identity) or hands out an export (rosters, bank files, import error reports that echo
ID numbers, statistics): no browser, proxy or cache may keep a copy. The permission tests check it: any request
that writes a reveal or export audit row must answer with `Cache-Control: no-store` (see conftest.py).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

View = Callable[..., HttpResponseBase]


def mark_sensitive(response: HttpResponseBase) -> HttpResponseBase:
    """`Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private` and an `Expires` in the past
    (Django's cache middleware never stores a private or max-age=0 response), `Pragma: no-cache` for HTTP/1.0
    caches, and `X-Accel-Expires: 0` so nginx does not cache it even where proxy caching is switched on (nginx
    consumes that header; the browser never sees it)."""
    add_never_cache_headers(response)
    response["Pragma"] = "no-cache"
    response["X-Accel-Expires"] = "0"
    return response


def sensitive_response(view: View) -> View:
    """Decorator: the view's responses are never cached anywhere (see `mark_sensitive`)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return mark_sensitive(view(request, *args, **kwargs))

    return wrapped


def is_sensitive(response: HttpResponseBase) -> bool:
    return "no-store" in response.get("Cache-Control", "")
