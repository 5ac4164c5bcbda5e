"""Console views of part review (stubs until the part lands)."""

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import MANAGE, REVIEW, VIEW, WRITE


def _building(request: AuthedRequest) -> HttpResponse:
    return render(request, "news/review/review_queue.html", {})


@console_view(REVIEW)
def review_queue(request: AuthedRequest) -> HttpResponse:
    return _building(request)


@console_view(REVIEW)
def review_article(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _building(request)


@console_view(WRITE)
def article_submit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _building(request)


@console_view(MANAGE)
def article_withdraw(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _building(request)


@console_view(MANAGE)
def review_policy(request: AuthedRequest) -> HttpResponse:
    return _building(request)


@console_view(VIEW)
def sensitive_words(request: AuthedRequest) -> HttpResponse:
    return _building(request)


@console_view(MANAGE)
def sensitive_word_delete(request: AuthedRequest, word_id: int) -> HttpResponse:
    return _building(request)
