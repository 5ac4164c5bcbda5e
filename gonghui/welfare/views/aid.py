"""Pages of 帮扶救助 (part `aid`): the aid list of the user's subtrees (filters, search, pagination, totals per
kind and year and per paying union), 登记救助 on a filed file (paid through the ledger), the export in the
national 帮扶 system's columns (POST, `welfare.reveal`, audited, no-store) and the export layouts."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import form_error_text, form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.ledger.selectors import payee_latest_entry

from ..choices import AidKind, FileStatus
from ..forms.aid import AidExportForm, AidFilterForm, AidForm, AidLayoutForm, columns_text
from ..permissions import MANAGE, REVEAL, VIEW
from ..selectors.aid import (
    aid_filter_choices,
    aid_filters,
    aid_list_for_user,
    default_layout,
    export_layouts,
    layout_for,
    layout_orgs,
    layouts_usable,
    may_keep_layout,
    may_keep_layouts,
    may_open_entry,
    payable_lines,
    totals_by_union,
    totals_by_year,
)
from ..selectors.files import file_for
from ..services.aid import aid_export as aid_export_service
from ..services.aid import aid_layout_save, aid_record
from ..spreadsheets.aid import AID_EXPORT_FIELDS, DEFAULT_LAYOUT_KEY


@console_view(VIEW)
def aid_list(request: AuthedRequest) -> HttpResponse:
    choices = aid_filter_choices(request.user)
    filters = aid_filters(request.GET)
    form = AidFilterForm(request.GET, years=choices.years, orgs=choices.orgs, funds=choices.funds)
    aids = aid_list_for_user(request.user, filters)
    page = paginate(request, aids)
    context = {
        "form": form,
        "page": page,
        "rows": [(aid, may_open_entry(request.user, aid)) for aid in page.object_list],
        "querystring": query_without_page(request),
        "filtered": filters.any(),
        "kinds": AidKind.labels,
        "year_totals": totals_by_year(aids),
        "union_totals": totals_by_union(aids),
        "export_form": AidExportForm(layouts=export_layouts(request.user)),
        "may_export": has_action_anywhere(request.user, REVEAL),
    }
    return render(request, "welfare/aid/aid_list.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def aid_export(request: AuthedRequest) -> HttpResponse:
    """The filtered aid (the list's query string) as xlsx in the chosen layout: full names and ID numbers, so
    `welfare.reveal` is required, and the export is audited and never cached."""
    if not has_action_anywhere(request.user, REVEAL):
        raise PermissionDenied
    back = reverse("welfare:aid_list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    form = AidExportForm(request.POST, layouts=export_layouts(request.user))
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect(back)
    try:
        content, name = aid_export_service(
            actor=request.user,
            filters=aid_filters(request.GET),
            layout_key=form.cleaned_data["layout"],
            context=AuditContext.of(request),
        )
    except ValidationError as exc:
        messages.error(request, validation_error_text(exc))
        return redirect(back)
    return xlsx_response(content, name)


@console_view(VIEW)
def aid_add_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """登记救助 on a file the user handles (`welfare.manage`, else 403); paid through the ledger at once."""
    file = file_for(request.user, pk, demand=MANAGE)
    latest = payee_latest_entry(request.user, file.applicant)
    lines = payable_lines(request.user, file)
    form = AidForm(
        posted_data(request),
        lines=lines,
        latest_account=f"{latest.bank_account_masked}（{latest.bank_name or '开户行未登记'}）"
        if latest
        else "",
    )
    done = None
    if file.status == FileStatus.FILED:
        done = form_perform(
            request,
            form,
            lambda data: aid_record(
                file=file,
                actor=request.user,
                kind=data["kind"],
                occasion=data["occasion"],
                amount=data["amount"],
                budget_line=data["budget_line"],
                note=data["note"],
                bank_name=data["bank_name"],
                bank_account=data["bank_account"],
                context=AuditContext.of(request),
            ),
            success=lambda aid: (
                f"已登记{aid.get_kind_display()}“{aid.occasion}”，{aid.amount} 元已经资金发放台账支付"
            ),
            then=file.get_absolute_url(),
        )
    context = {
        "file": file,
        "form": form,
        "is_filed": file.status == FileStatus.FILED,
        "has_lines": lines.exists(),
    }
    return done or render(request, "welfare/aid/aid_form.html", context)


@console_view(VIEW)
def layout_list(request: AuthedRequest) -> HttpResponse:
    layouts = [(layout, may_keep_layout(request.user, layout)) for layout in layouts_usable(request.user)]
    context = {
        "default": default_layout(),
        "layouts": layouts,
        "fields": AID_EXPORT_FIELDS.items(),
        "may_create": may_keep_layouts(request.user),
    }
    return render(request, "welfare/aid/layout_list.html", context)


@console_view(MANAGE)
def layout_create_view(request: AuthedRequest) -> HttpResponse:
    orgs = layout_orgs(request.user)
    initial: dict[str, Any] = (
        {"columns": columns_text(default_layout().columns)}
        if request.GET.get("from") == DEFAULT_LAYOUT_KEY
        else {}
    )
    if orgs.count() == 1:
        initial["org"] = orgs.first()
    form = AidLayoutForm(posted_data(request), orgs=orgs, initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: aid_layout_save(
            actor=request.user,
            org=data["org"],
            name=data["name"],
            columns=data["columns"],
            verified=data["verified"],
            verified_note=data["verified_note"],
            context=AuditContext.of(request),
        ),
        success=lambda layout: f"已保存导出格式“{layout.name}”",
        then=reverse("welfare:aid_layouts"),
    )
    context = {"form": form, "layout": None, "fields": AID_EXPORT_FIELDS.items()}
    return done or render(request, "welfare/aid/layout_form.html", context)


@console_view(VIEW)
def layout_edit_view(request: AuthedRequest, layout_id: int) -> HttpResponse:
    layout = layout_for(request.user, layout_id, demand=MANAGE)
    form = AidLayoutForm(
        posted_data(request),
        initial={
            "name": layout.name,
            "columns": columns_text(layout.columns),
            "verified": layout.verified,
            "verified_note": layout.verified_note,
        },
    )
    done = form_perform(
        request,
        form,
        lambda data: aid_layout_save(
            actor=request.user,
            layout=layout,
            name=data["name"],
            columns=data["columns"],
            verified=data["verified"],
            verified_note=data["verified_note"],
            context=AuditContext.of(request),
        ),
        success=lambda saved: f"已保存导出格式“{saved.name}”",
        then=reverse("welfare:aid_layouts"),
    )
    context = {"form": form, "layout": layout, "fields": AID_EXPORT_FIELDS.items()}
    return done or render(request, "welfare/aid/layout_form.html", context)
