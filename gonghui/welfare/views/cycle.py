"""Views of 困难职工帮扶 — part `cycle` (stubs of the skeleton; the part replaces them)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **_kwargs: object) -> HttpResponse:
    raise Http404


reviews_due = _todo
annual_review_view = _todo
lift_view = _todo
close_view = _todo
follow_up_view = _todo
stats_view = _todo
