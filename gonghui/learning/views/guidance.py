"""Console views of part guidance."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def question_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/guidance/question_list.html", {})


@console_view(VIEW)
def question_ask(request: AuthedRequest) -> HttpResponse:
    raise Http404  # being written


@console_view(VIEW)
def question_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404  # being written


@console_view(VIEW)
def question_answer(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404  # being written


@console_view(VIEW)
def question_close(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404  # being written


@console_view(VIEW)
def question_share(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404  # being written


@console_view(VIEW)
def question_unshare(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404  # being written


@console_view(VIEW)
def knowledge_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/guidance/knowledge_list.html", {})


@console_view(VIEW)
def knowledge_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    raise Http404  # being written
