"""Console views of part guidance."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def question_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/guidance/question_list.html", {})


@console_view(VIEW)
def knowledge_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/guidance/knowledge_list.html", {})
