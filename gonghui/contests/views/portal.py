"""Pages of 竞赛 — slice B (stub until written)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def my_contests(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def my_entry(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def my_entry_confirm(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
