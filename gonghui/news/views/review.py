"""Console views of part review."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import REVIEW


@console_view(REVIEW)
def review_queue(request: AuthedRequest) -> HttpResponse:
    return render(request, "news/review/review_queue.html", {})
