"""Console views of part classes."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def class_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/classes/class_list.html", {})


@console_view(VIEW)
def hours_report(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/classes/hours_report.html", {})
