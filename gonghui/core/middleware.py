"""Request checks that every page needs before any view runs."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .views import bad_request

NUL = "\x00"


class NulCharacterMiddleware:
    """A NUL character in the query string answers 400 with the Chinese error page.

    Forms refuse NUL themselves, but list filters read ``request.GET`` directly, and PostgreSQL refuses NUL in
    text, which would turn ``/members/?q=%00`` into a 500. The API answers its own 422 problem+json naming the
    field (``gonghui.core.api.reject_nul_characters``), so API paths pass through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and any(
            NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()
        ):
            return bad_request(request)
        return self.get_response(request)
