"""Views of 困难职工帮扶 — part `aid` (stubs of the skeleton; the part replaces them)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **_kwargs: object) -> HttpResponse:
    raise Http404


aid_list = _todo
aid_export = _todo
aid_add_view = _todo
layout_list = _todo
layout_create_view = _todo
layout_edit_view = _todo
