"""Console views of part articles."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def article_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "news/articles/article_list.html", {})
