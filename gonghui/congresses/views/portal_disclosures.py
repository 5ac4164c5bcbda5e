"""Portal (member) views of part disclosures (375 px first): 校务公开 — the published disclosures of the units the
member is staff of (unread ones marked, search, pages), and one disclosure with its attachments. Opening it the
first time leaves the read receipt (DisclosureRead) the union's 阅读情况 counts — the act of reading itself, like a
公文's 已阅."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.attachments.selectors import attachments_of
from gonghui.core.pagination import paginate, query_without_page
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from ..selectors import disclosures as sel
from ..services import disclosures as services


@portal_view
def disclosure_list(request: AuthedRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    query = (request.GET.get("q") or "").strip()[:50]
    context = {
        "tab": "services",
        "page": paginate(request, sel.portal_disclosures(member, query)),
        "querystring": query_without_page(request),
        "query": query,
        "unread": sel.portal_unread_count(member),
    }
    return render(request, "congresses/disclosures/portal_disclosure_list.html", context)


@portal_view
def disclosure_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    disclosure = sel.portal_disclosure_or_404(member, public_id)
    first_read = services.disclosure_read(disclosure=disclosure, member=member)
    context = {
        "tab": "services",
        "disclosure": disclosure,
        "attachments": attachments_of(disclosure),
        "first_read": first_read,
    }
    return render(request, "congresses/disclosures/portal_disclosure_detail.html", context)
