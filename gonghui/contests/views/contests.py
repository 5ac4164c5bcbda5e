"""Console pages of the organiser: the contests a user sees."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.pagination import paginate, query_without_page

from ..permissions import VIEW
from ..selectors.contests import contest_list_for_user


@console_view(VIEW)
def contest_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context = {
        "page": paginate(request, contest_list_for_user(request.user, query=query)),
        "querystring": query_without_page(request),
        "query": query,
    }
    return render(request, "contests/contest_list.html", context)


def contest_create_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def contest_detail(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def contest_edit(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def group_add_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def group_remove_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def round_add_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def round_edit_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def contest_start_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def contest_finish_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
