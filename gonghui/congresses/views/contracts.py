"""Console views of part contracts."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def contract_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/contracts/contract_list.html", {})


@console_view(VIEW)
def contract_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "congresses/contracts/contract_detail.html", {})
