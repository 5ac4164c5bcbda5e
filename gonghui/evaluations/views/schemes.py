"""Console views of part schemes."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def scheme_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "evaluations/schemes/scheme_list.html", {})


@console_view(VIEW)
def scheme_create(request: AuthedRequest) -> HttpResponse:
    return render(request, "evaluations/schemes/scheme_create.html", {})


@console_view(VIEW)
def scheme_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "evaluations/schemes/scheme_detail.html", {})


@console_view(VIEW)
def source_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "evaluations/schemes/source_list.html", {})
