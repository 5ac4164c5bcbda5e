"""Console views of part disclosures."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def disclosure_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "congresses/disclosures/disclosure_list.html", {})


@console_view(VIEW)
def disclosure_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return render(request, "congresses/disclosures/disclosure_detail.html", {})
