"""Console views of part events — activities: the list, create/edit/publish/cancel, budget and spending, export, statistics by union, kind and month."""

from django.http import Http404, HttpRequest, HttpResponse


def activity_list(request: HttpRequest) -> HttpResponse:
    """Stub until the part is built."""
    raise Http404


def stats_view(request: HttpRequest) -> HttpResponse:
    """Stub until the part is built."""
    raise Http404
