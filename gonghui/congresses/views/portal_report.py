"""Portal (member) views of part report (375 px first): 提案公开 — the published proposals of the units whose staff
the member is, newest first, with search and pages; each links to the proposal's portal page (replies there)."""

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.pagination import paginate, query_without_page
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..choices import HonourKind
from ..forms.report import PublishedSearchForm
from ..selectors.report import published_for_member


@portal_view
def published_list(request: AuthedRequest) -> HttpResponse:
    member: Member | None = getattr(request, "member", None)
    form = PublishedSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, published_for_member(member, query), per_page=20)
    context = {
        "tab": "services",
        "form": form,
        "query": query,
        "page": page,
        "querystring": query_without_page(request),
        "excellent": HonourKind.EXCELLENT_PROPOSAL,
    }
    return render(request, "congresses/report/portal_published_list.html", context)
