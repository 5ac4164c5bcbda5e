"""Console views of part projects."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def project_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "surveys/projects/project_list.html", {})


@console_view(VIEW)
def project_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "surveys/projects/project_detail.html", {})
