"""Console views of part classes (stubs until written)."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def class_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/classes/class_list.html", {})


@console_view(VIEW)
def hours_report(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/classes/hours_report.html", {})


@console_view(VIEW)
def class_create(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def class_detail(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def class_edit(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def class_publish(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def class_close(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def class_finish(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def class_cancel(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def trainee_nominate(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def trainee_export(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def class_attendance(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def session_create(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def session_edit(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def session_delete(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def session_scan(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def trainee_admit(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def trainee_decline(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def trainee_withdraw(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def trainee_assess(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def hours_export(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
