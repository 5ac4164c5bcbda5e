"""Pages of 竞赛 — slice C (stub until written)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def round_judging(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def judge_add_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def judging_start_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def round_results(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def round_finalise_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def results_export(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
