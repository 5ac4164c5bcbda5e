"""送温暖 and 慰问金 campaigns (part `relief`). STUB: the part's helper replaces these views."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


relief_list = _todo
relief_create = _todo
relief_detail = _todo
relief_edit = _todo
relief_recipients_add = _todo
relief_recipients_import = _todo
relief_submit = _todo
relief_return = _todo
relief_approve = _todo
relief_pay = _todo
relief_bank_file = _todo
relief_results = _todo
relief_close = _todo
relief_reverse = _todo
relief_exclude = _todo
