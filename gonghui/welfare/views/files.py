"""Views of 困难职工帮扶 — part `files` (stubs of the skeleton; the part replaces them)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **_kwargs: object) -> HttpResponse:
    raise Http404


file_list = _todo
file_export = _todo
file_detail = _todo
unit_check_view = _todo
survey_view = _todo
review_view = _todo
publicise_view = _todo
file_view = _todo
reject_view = _todo
