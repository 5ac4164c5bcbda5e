"""Console views of part teams — teams sent to events organised above the platform: roster, roles, coach, approval by the city union, results."""

from django.http import Http404, HttpRequest, HttpResponse


def delegation_list(request: HttpRequest) -> HttpResponse:
    """Stub until the part is built."""
    raise Http404
