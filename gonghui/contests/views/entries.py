"""Pages of 竞赛 — slice B (stub until written)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def round_entries(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def entry_add_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def entry_detail(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def entry_replace_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def entry_withdraw_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def entries_export(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
