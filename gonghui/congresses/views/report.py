"""Console views of part report."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def session_report(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "congresses/report/session_report.html", {})
