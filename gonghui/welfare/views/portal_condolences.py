"""The member's pages of 慰问 standards, payments and visits (part `condolences`). STUB: the part's helper replaces these views."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


condolence_receipt = _todo
