"""Console views of part exercise — 工间操: routines with their video, adoption by units, sessions and participation, rates rolled up the tree."""

from django.http import Http404, HttpRequest, HttpResponse


def routine_list(request: HttpRequest) -> HttpResponse:
    """Stub until the part is built."""
    raise Http404
