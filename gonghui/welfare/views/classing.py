"""Views of 困难职工帮扶 — part `classing` (stubs of the skeleton; the part replaces them)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **_kwargs: object) -> HttpResponse:
    raise Http404


line_list = _todo
line_create_view = _todo
line_edit_view = _todo
expenses_view = _todo
classify_view = _todo
