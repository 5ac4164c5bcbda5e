"""普惠 offers and their redemption (part `offers`). STUB: the part's helper replaces these views."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


offer_list = _todo
offer_create = _todo
offer_detail = _todo
offer_edit = _todo
offer_publish = _todo
offer_withdraw = _todo
offer_redeem = _todo
