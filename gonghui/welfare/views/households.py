"""Views of 困难职工帮扶 — part `households` (stubs of the skeleton; the part replaces them)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **_kwargs: object) -> HttpResponse:
    raise Http404


person_add_view = _todo
person_edit_view = _todo
person_remove_view = _todo
reveal_view = _todo
