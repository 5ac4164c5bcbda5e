"""Views of 困难职工帮扶 — part `intake` (stubs of the skeleton; the part replaces them)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **_kwargs: object) -> HttpResponse:
    raise Http404


file_create_view = _todo
from_appeal_view = _todo
file_edit_view = _todo
consent_upload_view = _todo
