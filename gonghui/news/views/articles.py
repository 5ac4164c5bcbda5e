"""Console views of part articles."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest, console_view

from ..permissions import VIEW


@console_view(VIEW)
def article_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "news/articles/article_list.html", {})


@console_view(VIEW)
def article_export(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def article_create(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def subject_choices(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def article_detail(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def article_edit(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def article_delete(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def article_file_add(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def article_file_remove(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def article_cover_set(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def contribution_create(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def column_list(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def column_create(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def column_edit(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def column_deactivate(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def column_activate(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def contribution_list(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def contribution_detail(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def contribution_adopt(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@console_view(VIEW)
def contribution_decline(request: AuthedRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
