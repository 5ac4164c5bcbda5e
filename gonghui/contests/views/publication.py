"""Pages of 竞赛 — slice D (stub until written)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def publication(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def notice_create_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def announcement_draft_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
