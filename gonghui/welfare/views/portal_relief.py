"""The member's pages of 送温暖 and 慰问金 campaigns (part `relief`). STUB: the part's helper replaces these views."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


relief_mine = _todo
relief_receipt = _todo
