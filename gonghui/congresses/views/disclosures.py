"""Console views of part disclosures (校务公开): the list (search; unit, category and status filters; read count),
create and edit (with attachments), the disclosure's page (content, attachments, 阅读情况: read / staff and who has
not read, timeline, the buttons of its state), publish (a POST button with a confirmation), withdraw (a page with
the reason), the 阅读情况 xlsx (an audited POST), the yearly checklist of a unit (gaps and overdue items; add, edit,
remove, copy last year's, the default list) and the gaps board of the user's subtrees. Reads go through the
selectors; every change is a service; a read-only cadre gets 403 on every action page, GET too."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachments_of
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import DisclosureStatus
from ..forms.disclosures import (
    AttachForm,
    ChecklistItemForm,
    ChecklistPickForm,
    DisclosureFilterForm,
    DisclosureForm,
    WithdrawForm,
    disclosure_initial,
)
from ..models import Disclosure
from ..permissions import MANAGE, VIEW, can_manage_for
from ..selectors import disclosures as sel
from ..services import disclosures as services

STATUS_BADGES = {
    DisclosureStatus.DRAFT: "bg-secondary-lt",
    DisclosureStatus.PUBLISHED: "bg-green-lt",
    DisclosureStatus.WITHDRAWN: "bg-orange-lt",
}


def _detail_url(disclosure: Disclosure) -> str:
    return reverse("congresses:disclosure_detail", args=[disclosure.public_id])


def _checklist_url(org_id: int, year: int) -> str:
    return f"{reverse('congresses:disclosure_checklist')}?org={org_id}&year={year}"


# --- disclosures ------------------------------------------------------------------------------------------------


@console_view(VIEW)
def disclosure_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = DisclosureFilterForm(request.GET, orgs=sel.view_orgs(user))
    data = form.cleaned_data if form.is_valid() else {}
    filters = sel.DisclosureFilters(
        query=(data.get("q") or "").strip(),
        org=data.get("org"),
        category=data.get("category") or "",
        status=data.get("status") or "",
    )
    context = {
        "form": form,
        "page": paginate(request, sel.disclosure_list_for_user(user, filters)),
        "querystring": query_without_page(request),
        "filtered": any(data.values()),
        "badges": STATUS_BADGES,
        "can_create": sel.manage_orgs(user).exists(),
    }
    return render(request, "congresses/disclosures/disclosure_list.html", context)


@console_view(MANAGE)
def disclosure_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    items = sel.checklist_item_choices(user, timezone.localdate().year)
    # "去公开" on a checklist gap opens the form with that item (and its unit) chosen
    chosen = items.filter(pk=request.GET["item"]).first() if request.GET.get("item", "").isdigit() else None
    form = DisclosureForm(
        posted_data(request),
        request.FILES or None,
        orgs=sel.manage_orgs(user),
        items=items,
        initial={
            "checklist_item": chosen,
            "org": chosen.org if chosen else None,
            "category": chosen.category if chosen else None,
        },
    )
    done = form_perform(
        request,
        form,
        lambda data: services.disclosure_create(
            org=data["org"], data=form.disclosure_input(), actor=user, uploads=data.get("uploads") or []
        ),
        success="已保存为草稿，核对无误后请点“公开”",
        then=_detail_url,
    )
    return done or render(
        request, "congresses/disclosures/disclosure_form.html", {"form": form, "disclosure": None}
    )


@console_view(VIEW)
def disclosure_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    user = request.user
    disclosure = sel.disclosure_get_for_user(user, public_id, demand=MANAGE)
    form = DisclosureForm(
        posted_data(request),
        orgs=sel.manage_orgs(user),
        items=sel.checklist_item_choices(user, timezone.localdate().year).filter(org=disclosure.org),
        editing=True,
        initial=disclosure_initial(disclosure),
    )
    done = form_perform(
        request,
        form,
        lambda data: services.disclosure_update(
            disclosure=disclosure, data=form.disclosure_input(), actor=user
        ),
        success="已保存",
        then=_detail_url,
    )
    return done or render(
        request, "congresses/disclosures/disclosure_form.html", {"form": form, "disclosure": disclosure}
    )


@console_view(VIEW)
def disclosure_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    user = request.user
    disclosure = sel.disclosure_get_for_user(user, public_id)
    context = {
        "disclosure": disclosure,
        "can_manage": sel.can_manage_disclosure(user, disclosure),
        "attachments": attachments_of(disclosure),
        "stats": sel.disclosure_read_stats(disclosure),
        "unread_shown": sel.UNREAD_SHOWN,
        "badges": STATUS_BADGES,
        "attach_form": AttachForm(),
        "timeline": timeline_for(disclosure),
        "state_labels": dict(DisclosureStatus.choices),
    }
    return render(request, "congresses/disclosures/disclosure_detail.html", context)


@require_POST
@console_view(VIEW)
def disclosure_publish(request: AuthedRequest, public_id: str) -> HttpResponse:
    disclosure = sel.disclosure_get_for_user(request.user, public_id, demand=MANAGE)
    return button_perform(
        request,
        lambda: services.disclosure_publish(disclosure=disclosure, actor=request.user),
        success="已公开，本单位教职工可在会员端查看",
        back=_detail_url(disclosure),
    )


@console_view(VIEW)
def disclosure_withdraw(request: AuthedRequest, public_id: str) -> HttpResponse:
    disclosure = sel.disclosure_get_for_user(request.user, public_id, demand=MANAGE)
    form = WithdrawForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: services.disclosure_withdraw(
            disclosure=disclosure, reason=data["reason"], actor=request.user
        ),
        success="已撤回，会员端不再显示",
        then=_detail_url,
    )
    return done or render(
        request, "congresses/disclosures/disclosure_withdraw.html", {"form": form, "disclosure": disclosure}
    )


@require_POST
@console_view(VIEW)
def disclosure_attach(request: AuthedRequest, public_id: str) -> HttpResponse:
    disclosure = sel.disclosure_get_for_user(request.user, public_id, demand=MANAGE)
    form = AttachForm(request.POST, request.FILES)
    return button_perform(
        request,
        lambda: services.disclosure_attach(
            disclosure=disclosure, uploads=form.cleaned_data["uploads"], actor=request.user
        ),
        success="附件已上传",
        back=_detail_url(disclosure),
        form=form,
    )


@require_POST
@console_view(VIEW)
def disclosure_detach(request: AuthedRequest, public_id: str, attachment_id: str) -> HttpResponse:
    disclosure = sel.disclosure_get_for_user(request.user, public_id, demand=MANAGE)
    attachment = attachments_of(disclosure).filter(public_id=attachment_id).first()
    if attachment is None:
        raise Http404
    found: Attachment = attachment
    return button_perform(
        request,
        lambda: services.disclosure_detach(disclosure=disclosure, attachment=found, actor=request.user),
        success="附件已删除",
        back=_detail_url(disclosure),
    )


@sensitive_response
@require_POST
@console_view(VIEW)
def disclosure_export(request: AuthedRequest, public_id: str) -> HttpResponse:
    """阅读情况 as xlsx (staff names: audited, never cached); whoever sees the disclosure reads it."""
    disclosure = sel.disclosure_get_for_user(request.user, public_id)
    content, rows = sel.disclosure_unread_workbook(disclosure)
    services.disclosure_unread_export_audit(
        disclosure=disclosure, rows=rows, actor=request.user, context=AuditContext.of(request)
    )
    return xlsx_response(content, f"校务公开阅读情况-{disclosure.title}.xlsx")


# --- the yearly checklist ---------------------------------------------------------------------------------------


def _years() -> list[int]:
    this = timezone.localdate().year
    return [this + 1, this, this - 1, this - 2, this - 3]


@console_view(VIEW)
def disclosure_checklist(request: AuthedRequest) -> HttpResponse:
    """The checklist of one unit for one year (the user's first union and this year by default)."""
    user = request.user
    orgs = sel.view_orgs(user)
    years = _years()
    form = ChecklistPickForm(request.GET or None, orgs=orgs, years=years)
    org = form.cleaned_data["org"] if form.is_valid() else orgs.first()
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    rows = sel.checklist_rows(org, year) if org is not None else []
    context: dict[str, Any] = {
        "form": form,
        "org": org,
        "year": year,
        "rows": rows,
        "gaps": sum(1 for row in rows if not row.done),
        "overdue": sum(1 for row in rows if row.overdue),
        "can_manage": org is not None and can_manage_for(user, org),
        "item_form": ChecklistItemForm(),
    }
    return render(request, "congresses/disclosures/checklist.html", context)


def _checklist_org(request: AuthedRequest, org_id: int) -> Any:
    org = sel.checklist_org_or_404(request.user, org_id)
    if not can_manage_for(request.user, org):
        raise PermissionDenied
    return org


@console_view(VIEW)
def checklist_item_add(request: AuthedRequest, org_id: int, year: int) -> HttpResponse:
    org = _checklist_org(request, org_id)
    form = ChecklistItemForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: services.checklist_item_add(
            org=org, year=year, data=form.item_input(), actor=request.user
        ),
        success="已加入清单",
        then=_checklist_url(org.pk, year),
    )
    return done or render(
        request,
        "congresses/disclosures/checklist_item_form.html",
        {"form": form, "org": org, "year": year, "item": None},
    )


@console_view(VIEW)
def checklist_item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = sel.checklist_item_or_404(request.user, pk)
    form = ChecklistItemForm(
        posted_data(request),
        initial={"category": item.category, "title": item.title, "due_on": item.due_on},
    )
    done = form_perform(
        request,
        form,
        lambda data: services.checklist_item_update(item=item, data=form.item_input(), actor=request.user),
        success="已保存",
        then=_checklist_url(item.org_id, item.year),
    )
    return done or render(
        request,
        "congresses/disclosures/checklist_item_form.html",
        {"form": form, "org": item.org, "year": item.year, "item": item},
    )


@require_POST
@console_view(VIEW)
def checklist_item_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    item = sel.checklist_item_or_404(request.user, pk)
    back = _checklist_url(item.org_id, item.year)
    return button_perform(
        request,
        lambda: services.checklist_item_delete(item=item, actor=request.user),
        success="已从清单中删除",
        back=back,
    )


@require_POST
@console_view(VIEW)
def checklist_copy(request: AuthedRequest, org_id: int, year: int) -> HttpResponse:
    org = _checklist_org(request, org_id)
    return button_perform(
        request,
        lambda: services.checklist_copy_last_year(org=org, year=year, actor=request.user),
        success=lambda n: f"已复制上年度清单，新增 {n} 项",
        back=_checklist_url(org.pk, year),
    )


@require_POST
@console_view(VIEW)
def checklist_default(request: AuthedRequest, org_id: int, year: int) -> HttpResponse:
    org = _checklist_org(request, org_id)
    return button_perform(
        request,
        lambda: services.checklist_default(org=org, year=year, actor=request.user),
        success=lambda n: f"已载入默认清单，新增 {n} 项",
        back=_checklist_url(org.pk, year),
    )


@console_view(VIEW)
def disclosure_gaps(request: AuthedRequest) -> HttpResponse:
    """The gaps board of the user's subtrees for a year: per unit, items, published, gaps, overdue."""
    years = _years()
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if year not in years:
        year = timezone.localdate().year
    rows = sel.checklist_board(request.user, year)
    context = {
        "rows": rows,
        "year": year,
        "years": years,
        "totals": {
            "items": sum(r.items for r in rows),
            "done": sum(r.done for r in rows),
            "gaps": sum(r.gaps for r in rows),
            "overdue": sum(r.overdue for r in rows),
        },
    }
    return render(request, "congresses/disclosures/gaps.html", context)
