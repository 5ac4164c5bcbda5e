"""各级总览 (built by the overview part)."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

VIEW = "members.view"


@console_view(VIEW)
def overview_home(request: AuthedRequest) -> HttpResponse:
    return render(request, "dashboards/overview/overview.html", {})


@console_view(VIEW)
def overview_org(request: AuthedRequest, code: str) -> HttpResponse:
    return render(request, "dashboards/overview/overview.html", {})


@console_view(VIEW)
def overview_screen(request: AuthedRequest, code: str) -> HttpResponse:
    return render(request, "dashboards/overview/overview.html", {})
