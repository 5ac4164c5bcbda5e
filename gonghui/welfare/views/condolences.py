"""慰问 standards, payments and visits (part `condolences`). STUB: the part's helper replaces these views."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


condolence_list = _todo
condolence_create = _todo
condolence_detail = _todo
condolence_reverse = _todo
condolence_visit = _todo
standard_list = _todo
standard_create = _todo
standard_edit = _todo
