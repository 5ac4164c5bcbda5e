"""Views of 困难职工帮扶 — part `intake (portal)` (stubs of the skeleton; the part replaces them)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **_kwargs: object) -> HttpResponse:
    raise Http404


my_file_view = _todo
apply_view = _todo
resubmit_view = _todo
receipt_view = _todo
