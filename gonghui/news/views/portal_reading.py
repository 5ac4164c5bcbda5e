"""Portal (member) views of part reading (375 px first): 新闻 (newest first, by column and kind), a column's page
and the article page; opening an article counts one read of the member's union in the cache (no row written)."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.pagination import paginate, query_without_page
from gonghui.members.decorators import portal_view

from ..forms.reading import PortalFilterForm
from ..models import Column
from ..selectors.articles import article_files, article_subject
from ..selectors.reading import (
    portal_articles,
    portal_column_or_404,
    portal_columns,
    readable_get_or_404,
)
from ..services.reading import article_read_record

PAGE_SIZE = 15


@portal_view
def portal_list(request: AuthedRequest) -> HttpResponse:
    columns = list(portal_columns(request.user))
    form = PortalFilterForm(request.GET, columns=columns)
    filters = form.cleaned_data if form.is_valid() else {}
    column = next((c for c in columns if c.pk == filters.get("column")), None)
    articles = portal_articles(request.user, column=column, kind=filters.get("kind", ""))
    context = {
        "tab": "services",
        "form": form,
        "columns": columns,
        "page": paginate(request, articles, per_page=PAGE_SIZE),
        "querystring": query_without_page(request),
        "filtered": bool(column or filters.get("kind")),
    }
    return render(request, "news/reading/portal_list.html", context)


@portal_view
def portal_column(request: AuthedRequest, column_id: int) -> HttpResponse:
    column: Column = portal_column_or_404(request.user, column_id)
    articles = portal_articles(request.user, column=column)
    context = {
        "column": column,
        "page": paginate(request, articles, per_page=PAGE_SIZE),
        "querystring": query_without_page(request),
    }
    return render(request, "news/reading/portal_column.html", context)


@portal_view
def portal_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    article = readable_get_or_404(request.user, public_id)
    article_read_record(article=article, org_id=request.member.org_id)  # type: ignore[attr-defined]
    context = {
        "article": article,
        "files": article_files(article),
        "subject": article_subject(request.user, article),
    }
    return render(request, "news/reading/portal_detail.html", context)
