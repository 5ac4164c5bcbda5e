"""Console pages of 名额分配: the list (sets held by the user's unions and places handed down to them, with search,
source and year filters, pagination), create and edit a set (本级设定 or 上级下达 with issuer, 来文 and a linked
收文), a set's page (the allocation tree, the uses, the change record) and the export of its allocation table. The
allocation pages (by hand, by weight, and a received allocation's page) are in `views.allocations`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org

from ..choices import QuotaSource
from ..forms import QuotaFilterForm, QuotaSetForm
from ..models import QuotaSet
from ..permissions import MANAGE, VIEW, can_allocate, can_create_set
from ..selectors import (
    allocations_received_list,
    quota_history,
    quota_set_get_visible_or_404,
    quota_set_list_for_user,
    quota_set_years,
    quota_tree,
    quota_uses_of,
    set_summary,
)
from ..services import quota_set_create, quota_set_update
from ..sources import incoming_document_choices, incoming_document_link
from ..spreadsheets import quota_table_export
from .allocations import (
    allocation_allocate,
    allocation_allocate_weight,
    allocation_detail,
    allocation_export,
    set_allocate,
    set_allocate_weight,
)

__all__ = [
    "allocation_allocate",
    "allocation_allocate_weight",
    "allocation_detail",
    "allocation_export",
    "quota_list",
    "set_allocate",
    "set_allocate_weight",
    "set_create",
    "set_detail",
    "set_edit",
    "set_export",
]

HISTORY_LIMIT = 50


def _managed_orgs(request: AuthedRequest) -> Any:
    return Org.objects.visible_to(request.user, MANAGE).filter(status=OrgStatus.ACTIVE).order_by("path")


@console_view(VIEW)
def quota_list(request: AuthedRequest) -> HttpResponse:
    form = QuotaFilterForm(request.GET, years=quota_set_years(request.user, VIEW))
    filters = form.cleaned_data if form.is_valid() else {}
    tab = filters.get("tab") or "held"
    criteria = {
        "query": filters.get("q", ""),
        "source": filters.get("source", ""),
        "year": filters.get("year"),
    }
    held = quota_set_list_for_user(request.user, VIEW, **criteria)
    received = allocations_received_list(request.user, VIEW, **criteria)
    context = {
        "form": form,
        "tab": tab,
        "page": paginate(request, received if tab == "received" else held),
        "held_count": held.count(),
        "received_count": received.count(),
        "querystring": query_without_page(request),
        "filtered": any(filters.get(key) for key in ("q", "source", "year")),
        "can_create": _managed_orgs(request).exists(),
    }
    if htmx_partial(request):
        return render(request, "quotas/partials/quota_table.html", context)
    return render(request, "quotas/quota_list.html", context)


@console_view(MANAGE)
def set_create(request: AuthedRequest) -> HttpResponse:
    orgs = _managed_orgs(request)
    form = QuotaSetForm(
        posted_data(request),
        orgs=orgs,
        documents=incoming_document_choices(request.user, list(orgs)),
        initial={"org": orgs.first(), "source": QuotaSource.LOCAL},
    )

    def perform(data: dict[str, Any]) -> QuotaSet:
        issued = data["source"] == QuotaSource.ISSUED
        return quota_set_create(
            org=data["org"],
            title=data["title"],
            total=data["total"],
            source=data["source"],
            issuer=data["issuer"],
            received_reference=data["received_reference"] if issued else "",
            incoming_document_id=data["incoming_document"] if issued else None,
            actor=request.user,
            context=AuditContext.of(request),
        )

    done = form_perform(
        request,
        form,
        perform,
        success=lambda quota_set: (
            f"名额「{quota_set.title}」已建立，共 {quota_set.total} 个，可分配到下级工会"
        ),
        then=lambda quota_set: reverse("quotas:set_detail", args=[quota_set.public_id]),
    )
    return done or render(request, "quotas/set_form.html", {"form": form, "quota_set": None})


@console_view(VIEW)
def set_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    quota_set = quota_set_get_visible_or_404(request.user, VIEW, public_id)
    if not can_create_set(request.user, quota_set.org):
        raise PermissionDenied
    initial = {
        "title": quota_set.title,
        "total": quota_set.total,
        "issuer": quota_set.issuer,
        "received_reference": quota_set.received_reference,
    }
    form = QuotaSetForm(posted_data(request), editing=True, initial=initial)
    if quota_set.source != QuotaSource.ISSUED:
        del form.fields["issuer"]
    done = form_perform(
        request,
        form,
        lambda data: quota_set_update(
            quota_set=quota_set,
            title=data["title"],
            total=data["total"],
            issuer=data.get("issuer", ""),
            received_reference=data["received_reference"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="名额已修改",
        then=reverse("quotas:set_detail", args=[quota_set.public_id]),
    )
    return done or render(request, "quotas/set_form.html", {"form": form, "quota_set": quota_set})


@console_view(VIEW)
def set_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    quota_set = quota_set_get_visible_or_404(request.user, VIEW, public_id)
    rows = quota_tree(quota_set)
    allocations = [row.allocation for row in rows]
    context = {
        "quota_set": quota_set,
        "summary": set_summary(quota_set),
        "rows": rows,
        "uses": quota_uses_of(allocations),
        "history": quota_history(quota_set, allocations)[:HISTORY_LIMIT],
        "can_allocate": can_allocate(request.user, quota_set),
        "can_edit": can_create_set(request.user, quota_set.org),
        "document": incoming_document_link(request.user, quota_set.incoming_document_id),
    }
    return render(request, "quotas/set_detail.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def set_export(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """名额分配表 of the whole set (xlsx, audited as an export)."""
    quota_set = quota_set_get_visible_or_404(request.user, VIEW, public_id)
    content = quota_table_export(
        quota_set=quota_set,
        rows=quota_tree(quota_set),
        summary=set_summary(quota_set),
        actor=request.user,
        subject=quota_set,
        org_id=quota_set.org_id,
        top_giver=quota_set.org.name,
        context=AuditContext.of(request),
    )
    return xlsx_response(content, f"名额分配表-{quota_set.title}.xlsx")
