"""The member's pages of 普惠 offers and their redemption (part `offers`). STUB: the part's helper replaces these views."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


offer_mine = _todo
offer_view = _todo
offer_coupon = _todo
