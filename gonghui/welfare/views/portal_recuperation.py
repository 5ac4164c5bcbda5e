"""The member's pages of 疗休养 programmes, batches, places (part `recuperation`). STUB: the part's helper replaces these views."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


place_mine = _todo
place_confirm = _todo
place_decline = _todo
