"""HTMX helpers: one URL serves the full page and its fragment."""

from django.http import HttpRequest, HttpResponse


def htmx_partial(request: HttpRequest) -> bool:
    """An HTMX request that is not a boosted navigation wants only the fragment."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted  # type: ignore[union-attr]


def htmx_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful POST: HX-Redirect for HTMX, a plain 302 otherwise."""
    from django.shortcuts import redirect

    if getattr(request, "htmx", None):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
