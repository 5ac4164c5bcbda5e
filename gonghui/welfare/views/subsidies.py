"""Subsidies to grassroots unions (part `subsidies`). STUB: the part's helper replaces these views."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


subsidy_list = _todo
subsidy_create = _todo
subsidy_detail = _todo
subsidy_edit = _todo
subsidy_allocate = _todo
subsidy_transfer = _todo
subsidy_spend = _todo
subsidy_export = _todo
subsidy_spending_delete = _todo
