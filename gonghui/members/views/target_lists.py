"""Console pages of target lists (名单管理): the list with search, a list made by the member filter (with the live
count 符合条件：N 人), a list imported from a spreadsheet, a list's page with its members (phones masked), its
export and its deletion. Thin: selectors read, services write."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from gonghui.accounts.actors import Actor
from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.workspace import console_orgs
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.forms import apply_validation_error, button_perform, form_perform, posted_data
from gonghui.core.htmx import htmx_partial
from gonghui.core.pagination import paginate, query_without_page
from gonghui.orgs.selectors import org_get_for_user
from gonghui.spreadsheets.choices import ImportMode

from ..forms.filters import MemberFilterForm
from ..forms.target_lists import TargetListFilterForm, TargetListImportForm, TargetListSearchForm
from ..permissions import MANAGE, VIEW, can_create_member, can_manage_members
from ..selectors.filters import member_filter_count, member_filter_describe
from ..selectors.registry import member_filter_orgs
from ..selectors.target_lists import (
    EXPORT_HEADERS,
    target_list_count,
    target_list_export_rows,
    target_list_filter,
    target_list_get_for_user,
    target_list_list_for_user,
    target_list_members,
)
from ..services.target_lists import (
    target_list_create_from_filter,
    target_list_delete,
    target_list_import,
    target_list_import_template,
)

COUNT_TEMPLATE = "members/partials/member_filter_count.html"


def _owner_orgs(user: Actor) -> list[Any]:
    """The unions the user may make lists for (members.manage there)."""
    return [o for o in console_orgs(user) if can_manage_members(user, o)]


@require_GET
@console_view(VIEW)
def target_list_list(request: AuthedRequest) -> HttpResponse:
    search = TargetListSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    context = {
        "page": paginate(request, target_list_list_for_user(user=request.user, query=query)),
        "search": search,
        "query": query,
        "querystring": query_without_page(request),
        "can_create": can_create_member(request.user),
    }
    if htmx_partial(request):
        return render(request, "members/target_lists/partials/target_list_table.html", context)
    return render(request, "members/target_lists/target_list_list.html", context)


@require_GET
@console_view(VIEW)
def member_filter_count_view(request: AuthedRequest) -> HttpResponse:
    """The live count of a member filter form (HTMX, on every change): among the members the user may see, within
    the list's union when `org` names one the user may manage."""
    form = MemberFilterForm(request.GET, orgs=member_filter_orgs(user=request.user))
    if not form.is_valid():
        return render(request, COUNT_TEMPLATE, {"count": None, "form": form})
    flt = form.member_filter()
    within = next((o for o in _owner_orgs(request.user) if o.code == request.GET.get("org")), None)
    count = member_filter_count(request.user, flt, within=within)
    return render(request, COUNT_TEMPLATE, {"count": count, "form": form})


@console_view(MANAGE)
def target_list_create(request: AuthedRequest) -> HttpResponse:
    owners = _owner_orgs(request.user)
    form = TargetListFilterForm(
        posted_data(request), owner_orgs=owners, orgs=member_filter_orgs(user=request.user)
    )

    def perform(d: dict[str, Any]) -> Any:
        return target_list_create_from_filter(
            org=org_get_for_user(user=request.user, code=d["org"], action=MANAGE),
            name=d["name"],
            reason=d["reason"],
            member_filter=form.member_filter(),
            actor=request.user,
            context=AuditContext.of(request),
        )

    done = form_perform(
        request,
        form,
        perform,
        success=lambda t: f"已生成名单“{t.name}”（{target_list_count(t)} 人）",
        then=lambda t: reverse("members:target_list_detail", args=[t.public_id]),
    )
    if done is not None:
        return done
    return render(
        request,
        "members/target_lists/target_list_create.html",
        {"form": form, "count": _filter_count(request, owners)},
    )


def _filter_count(request: AuthedRequest, owners: list[Any]) -> int | None:
    """The count shown beside the filter: the criteria as posted (even when the name or reason is missing), within
    the chosen union (the first one the user may manage before a choice); None when a criterion is malformed."""
    data = request.POST if request.method == "POST" else None
    criteria = MemberFilterForm(data, orgs=member_filter_orgs(user=request.user))
    if criteria.is_bound and not criteria.is_valid():
        return None
    chosen = request.POST.get("org") if data is not None else None
    within = next((o for o in owners if o.code == chosen), owners[0] if owners else None)
    return member_filter_count(request.user, criteria.member_filter_or_default(), within=within)


@console_view(MANAGE)
def target_list_import_view(request: AuthedRequest) -> HttpResponse:
    form = TargetListImportForm(
        posted_data(request),
        request.FILES if request.method == "POST" else None,
        owner_orgs=_owner_orgs(request.user),
    )
    report = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            report = target_list_import(
                org=org_get_for_user(user=request.user, code=d["org"], action=MANAGE),
                name=d["name"],
                reason=d["reason"],
                content=d["file"].read(),
                matched_only=d["mode"] == ImportMode.VALID,
                actor=request.user,
                file_name=d["file"].name,
                context=AuditContext.of(request),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(request, "members/target_lists/target_list_import.html", {"form": form, "report": report})


@require_GET
@console_view(MANAGE)
def target_list_import_template_view(request: AuthedRequest) -> HttpResponse:
    return xlsx_response(target_list_import_template(), "名单导入模板.xlsx")


@require_GET
@console_view(VIEW)
def target_list_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    target_list = target_list_get_for_user(user=request.user, public_id=public_id)
    return render(
        request,
        "members/target_lists/target_list_detail.html",
        {
            "target_list": target_list,
            "page": paginate(request, target_list_members(target_list)),
            "count": target_list_count(target_list),
            "criteria": member_filter_describe(target_list_filter(target_list)),
            "imported": target_list.criteria.get("imported") if target_list.source == "import" else None,
            "can_manage": can_manage_members(request.user, target_list.org),
        },
    )


@require_GET
@console_view(VIEW)
def target_list_export(request: AuthedRequest, public_id: str) -> HttpResponse:
    """The list's members as an xlsx, identities masked (as the page shows them)."""
    target_list = target_list_get_for_user(user=request.user, public_id=public_id)
    content = workbook_bytes(
        [SheetSpec(name="名单", headers=EXPORT_HEADERS, rows=target_list_export_rows(target_list))]
    )
    return xlsx_response(content, f"{target_list.name}.xlsx")


@require_POST
@console_view(MANAGE)
def target_list_delete_view(request: AuthedRequest, public_id: str) -> HttpResponse:
    target_list = target_list_get_for_user(user=request.user, public_id=public_id, action=MANAGE)
    return button_perform(
        request,
        lambda: target_list_delete(
            target_list=target_list, actor=request.user, context=AuditContext.of(request)
        ),
        success=f"已删除名单“{target_list.name}”",
        back=reverse("members:target_list_detail", args=[target_list.public_id]),
        then=lambda _none: reverse("members:target_list_list"),
    )
