"""Console views of part moderation: the 婚恋交友管理员's queue of reports and the handling of one (the reported
profile only, each view audited)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import MODERATE


@console_view(MODERATE)
def report_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "matchmaking/moderation/report_list.html", {})


@console_view(MODERATE)
def report_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404


@console_view(MODERATE)
def report_reveal(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404


@console_view(MODERATE)
def report_photo(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404


@console_view(MODERATE)
def report_handle(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404


@console_view(MODERATE)
def profile_restore(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404
