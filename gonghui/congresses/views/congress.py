"""Console views of part congress (代表大会): the list (search by unit, kind, term status), 建立 and 修改, the
congress page (terms, sessions, delegates with the composition checks, 代表团, 主席团, 提案工作委员会, 列席/特邀,
timeline), 换届, the delegate pages (增补 by member search, 调整, 资格终止, xlsx import with row errors), the rules of
a union, and the 二级教（职）代会 coverage board with its xlsx export."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.excel import SheetSpec, template_workbook, workbook_bytes
from gonghui.core.forms import apply_validation_error, form_perform, posted_data
from gonghui.core.htmx import htmx_redirect
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from ..forms.congress import (
    CongressFilterForm,
    CongressForm,
    CoverageFilterForm,
    DelegateAddForm,
    DelegateEditForm,
    DelegateEndForm,
    DelegateImportForm,
    DelegationForm,
    NewTermForm,
    RulesForm,
)
from ..models import Congress, Delegate
from ..permissions import VIEW
from ..seats import unit_staff
from ..selectors import congress as sel
from ..services import congress as svc


def _detail_url(congress: Congress) -> str:
    return reverse("congresses:congress_detail", args=[congress.public_id])


def _manageable(request: AuthedRequest, public_id: Any) -> Congress:
    """The congress (404 outside the user's scope) when the user manages its union (403 otherwise)."""
    congress = sel.congress_for(request.user, public_id)
    if not sel.can_manage(request.user, congress):
        raise PermissionDenied
    return congress


def _page(request: AuthedRequest, template: str, status_on_error: bool, **context: Any) -> HttpResponse:
    return render(request, template, context, status=422 if status_on_error else 200)


# --- list, create, edit -----------------------------------------------------------------------------------------
@console_view(VIEW)
def congress_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = CongressFilterForm(request.GET, orgs=sel.filter_orgs(user))
    chosen: dict[str, Any] = {"query": "", "kind": "", "term_status": "", "org": None}
    if form.is_valid():
        c = form.cleaned_data
        chosen = {"query": c["q"], "kind": c["kind"], "term_status": c["term"], "org": c["org"]}
    congresses = sel.congress_list(user, **chosen)
    page = paginate(request, congresses)
    for congress in page:
        congress.term_state = sel.term_state(congress)  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page": page,
        "querystring": query_without_page(request),
        "filtered": any(chosen.values()),
        "may_create": sel.congress_orgs(user).exists(),
        "term_labels": dict(sel.TERM_STATUSES),
    }
    return render(request, "congresses/congress/congress_list.html", context)


@console_view(VIEW)
def congress_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    orgs = sel.congress_orgs(user)
    if not orgs.exists():
        raise PermissionDenied
    wanted = request.GET.get("org", "")
    unit = (orgs.filter(pk=int(wanted)).first() if wanted.isdigit() else None) or orgs[0]
    initial = {"org": unit.pk, "staff_count": sel.default_staff(unit)}
    form = CongressForm(posted_data(request), orgs=orgs, kinds=sel.kind_choices(unit), initial=initial)
    if request.method == "POST" and form.is_valid():
        # the kinds offered depend on the unit chosen and its staff
        data = form.cleaned_data
        form.fields["kind"].choices = sel.kind_choices(data["org"], data["staff_count"])  # type: ignore[attr-defined]
    done = form_perform(
        request,
        form,
        lambda d: svc.congress_create(actor=user, **d),
        success=lambda c: f"已建立{c}",
        then=_detail_url,
    )
    if done:
        return done
    return _page(
        request,
        "congresses/congress/congress_form.html",
        bool(form.errors),
        form=form,
        heading="建立代表大会",
        unit=unit,
        staff=sel.default_staff(unit),
        rules=sel.rules_for(unit),
    )


@console_view(VIEW)
def congress_edit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    congress = _manageable(request, public_id)
    fields = (
        "kind",
        "term_started_on",
        "term_ends_on",
        "staff_count",
        "delegate_share_percent",
        "teacher_min_percent",
        "women_min_percent",
        "young_max_age",
        "young_min_percent",
        "proposals_between_sessions",
    )
    form = CongressForm(
        posted_data(request),
        orgs=None,
        kinds=sel.kind_choices(congress.org, congress.staff_count),
        initial={f: getattr(congress, f) for f in fields},
    )
    done = form_perform(
        request,
        form,
        lambda d: svc.congress_update(
            actor=request.user,
            congress=congress,
            **{
                **d,
                "staff_count": d["staff_count"] if d["staff_count"] is not None else congress.staff_count,
            },
        ),
        success="已保存",
        then=_detail_url(congress),
    )
    if done:
        return done
    return _page(
        request,
        "congresses/congress/congress_form.html",
        bool(form.errors),
        form=form,
        heading="修改代表大会",
        congress=congress,
        unit=congress.org,
        staff=sel.default_staff(congress.org),
        rules=sel.rules_for(congress.org),
    )


@console_view(VIEW)
def congress_new_term(request: AuthedRequest, public_id: Any) -> HttpResponse:
    congress = _manageable(request, public_id)
    form = NewTermForm(
        posted_data(request),
        kinds=sel.kind_choices(congress.org),
        initial={"kind": congress.kind, "staff_count": sel.default_staff(congress.org)},
    )
    done = form_perform(
        request,
        form,
        lambda d: svc.congress_new_term(actor=request.user, congress=congress, **d),
        success=lambda c: f"已换届为{c}，请增补或导入新一届代表",
        then=_detail_url,
    )
    if done:
        return done
    return _page(
        request, "congresses/congress/new_term.html", bool(form.errors), form=form, congress=congress
    )


# --- the congress page ------------------------------------------------------------------------------------------
TIMELINE_ROWS = 20


@console_view(VIEW)
def congress_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    user = request.user
    congress = sel.congress_for(user, public_id)
    delegates = list(sel.delegates_of(congress))
    delegations = list(sel.delegations_of(congress))
    chosen = next((d for d in delegations if str(d.pk) == request.GET.get("delegation")), None)
    timeline = timeline_for(congress).order_by("-created_at", "-pk")
    timeline_total = timeline.count()
    context = {
        "congress": congress,
        "may_manage": sel.can_manage(user, congress) and congress.is_current,
        "term_state": sel.term_state(congress),
        "term_labels": dict(sel.TERM_STATUSES),
        "checks": sel.congress_checks(congress),
        "delegates": [d for d in delegates if chosen is None or d.delegation_id == chosen.pk],
        "chosen_delegation": chosen,
        "show_unit": any(d.member.org_id != congress.org_id for d in delegates),
        "summary": sel.delegate_summary(delegates, congress),
        "ended": list(sel.delegates_of(congress, ended=True)),
        "delegations": delegations,
        "sessions": list(sel.sessions_of(congress)),
        "terms": list(sel.terms_of(congress)),
        "rules": sel.rules_for(congress.org),
        # the last TIMELINE_ROWS rows, oldest first; a five-year term with a roll of seats runs long
        "timeline": list(timeline[:TIMELINE_ROWS])[::-1],
        "timeline_title": (
            f"办理记录（共 {timeline_total} 条，显示最近 {TIMELINE_ROWS} 条）"
            if timeline_total > TIMELINE_ROWS
            else "办理记录"
        ),
    }
    return render(request, "congresses/congress/congress_detail.html", context)


# --- delegates --------------------------------------------------------------------------------------------------
@console_view(VIEW)
def delegate_add(request: AuthedRequest, public_id: Any) -> HttpResponse:
    congress = _manageable(request, public_id)
    query = request.GET.get("q", "").strip()
    delegations = congress.delegations.all()
    form = DelegateAddForm(posted_data(request), delegations=delegations)

    def perform(d: dict[str, Any]) -> Delegate:
        member = unit_staff(congress.org).filter(public_id=d.pop("member")).first()
        if member is None:
            raise ValidationError({"member": "请从本单位会员中选择"})
        return svc.delegate_add(
            actor=request.user, congress=congress, member=member, context=AuditContext.of(request), **d
        )

    done = form_perform(
        request, form, perform, success=lambda d: f"已增补代表{d.member.name}", then=_detail_url(congress)
    )
    if done:
        return done
    chosen = None
    if form.is_bound and _is_uuid(form.data.get("member")):
        chosen = unit_staff(congress.org).filter(public_id=form.data["member"]).first()
    return _page(
        request,
        "congresses/congress/delegate_add.html",
        bool(form.errors),
        form=form,
        congress=congress,
        query=query,
        candidates=sel.member_candidates(congress, query),
        chosen=chosen,
    )


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _seat(congress: Congress, pk: int) -> Delegate:
    return sel.seat_of(congress, pk)


@console_view(VIEW)
def delegate_edit(request: AuthedRequest, public_id: Any, pk: int) -> HttpResponse:
    congress = _manageable(request, public_id)
    delegate = _seat(congress, pk)
    form = DelegateEditForm(
        posted_data(request),
        delegations=congress.delegations.all(),
        initial={
            "role": delegate.role,
            "delegation": delegate.delegation_id,
            "is_presidium": delegate.is_presidium,
            "on_proposal_committee": delegate.on_proposal_committee,
        },
    )
    done = form_perform(
        request,
        form,
        lambda d: svc.delegate_update(actor=request.user, delegate=delegate, **d),
        success="已保存",
        then=_detail_url(congress),
    )
    if done:
        return done
    return _page(
        request,
        "congresses/congress/delegate_edit.html",
        bool(form.errors),
        form=form,
        congress=congress,
        delegate=delegate,
    )


@console_view(VIEW)
def delegate_end(request: AuthedRequest, public_id: Any, pk: int) -> HttpResponse:
    congress = _manageable(request, public_id)
    delegate = _seat(congress, pk)
    form = DelegateEndForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda d: svc.delegate_end(
            actor=request.user, delegate=delegate, context=AuditContext.of(request), **d
        ),
        success=f"已终止{delegate.member.name}的代表资格",
        then=_detail_url(congress),
    )
    if done:
        return done
    return _page(
        request,
        "congresses/congress/delegate_end.html",
        bool(form.errors),
        form=form,
        congress=congress,
        delegate=delegate,
    )


@console_view(VIEW)
def delegation_add(request: AuthedRequest, public_id: Any) -> HttpResponse:
    congress = _manageable(request, public_id)
    form = DelegationForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda d: svc.delegation_create(actor=request.user, congress=congress, name=d["name"]),
        success=lambda d: f"已设立代表团“{d.name}”",
        then=_detail_url(congress),
    )
    if done:
        return done
    return _page(
        request, "congresses/congress/delegation_add.html", bool(form.errors), form=form, congress=congress
    )


@console_view(VIEW)
def delegates_import(request: AuthedRequest, public_id: Any) -> HttpResponse:
    congress = _manageable(request, public_id)
    form = DelegateImportForm(posted_data(request), request.FILES or None)
    row_errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = svc.delegates_import(
                actor=request.user,
                congress=congress,
                content=form.cleaned_data["file"].read(),
                context=AuditContext.of(request),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if not result.errors:
                messages.success(request, f"已导入代表{result.added}人")
                return htmx_redirect(request, _detail_url(congress))
            row_errors = result.errors
    return _page(
        request,
        "congresses/congress/delegates_import.html",
        bool(form.errors or row_errors),
        form=form,
        congress=congress,
        row_errors=row_errors,
        columns=svc.IMPORT_COLUMNS,
    )


@console_view(VIEW)
def delegates_template(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The blank import template (no personal data)."""
    congress = _manageable(request, public_id)
    content = template_workbook(
        svc.IMPORT_COLUMNS,
        title="代表名单",
        example=("张三", "", "13900000000", "正式代表", "第一代表团", "否", "否", "2026-09-10"),
    )
    return xlsx_response(content, f"{congress.org.name}代表名单模板.xlsx")


# --- rules ------------------------------------------------------------------------------------------------------
@console_view(VIEW)
def congress_rules(request: AuthedRequest) -> HttpResponse:
    """The rules of a union the user manages (city, county or grassroots), for the congresses of its subtree."""
    orgs = list(sel.congress_orgs(request.user).exclude(level=OrgLevel.BRANCH)) or list(
        Org.objects.visible_to(request.user, "congresses.manage")
        .exclude(level=OrgLevel.BRANCH)
        .order_by("path")
    )
    if not orgs:
        raise PermissionDenied
    wanted = request.POST.get("org") or request.GET.get("org") or ""
    org = next((o for o in orgs if str(o.pk) == wanted), orgs[0])
    current = sel.rules_for(org)
    own = sel.own_rules(org)
    form = RulesForm(
        posted_data(request),
        initial={
            "secondary_min_staff": current.secondary_min_staff,
            "assembly_max_staff": current.assembly_max_staff,
            "proposal_workdays": current.proposal_workdays,
        },
    )
    done = form_perform(
        request,
        form,
        lambda d: svc.rules_save(actor=request.user, org=org, **d),
        success=f"已保存{org.name}的民主管理规则",
        then=f"{reverse('congresses:congress_rules')}?org={org.pk}",
    )
    if done:
        return done
    inherited = current.org if current.pk and own is None else None
    return _page(
        request,
        "congresses/congress/rules.html",
        bool(form.errors),
        form=form,
        org=org,
        orgs=orgs,
        inherited=inherited,
    )


# --- coverage ---------------------------------------------------------------------------------------------------
def _coverage(request: AuthedRequest, data: Any) -> tuple[CoverageFilterForm, Any, Any, Org | None]:
    user = request.user
    form = CoverageFilterForm(data, counties=sel.coverage_counties(user))
    chosen: dict[str, Any] = {}
    unit = None
    if form.is_valid():
        c = form.cleaned_data
        if c["unit"]:
            unit = Org.objects.visible_to(user, VIEW).filter(code=c["unit"]).first()
        chosen = {"county": c["county"], "category": c["category"], "industry": c["industry"], "unit": unit}
    rows, counties = sel.coverage(user, **chosen)
    return form, rows, counties, unit


@console_view(VIEW)
def coverage(request: AuthedRequest) -> HttpResponse:
    form, rows, counties, unit = _coverage(request, request.GET)
    required = sum(c.required for c in counties)
    held = sum(c.held for c in counties)
    context = {
        "form": form,
        "rows": rows,
        "counties": counties,
        "unit": unit,
        "required": required,
        "held": held,
        "rate": held * 100 / required if required else None,
        "querystring": query_without_page(request),
    }
    return render(request, "congresses/congress/coverage.html", context)


@require_POST
@console_view(VIEW)
def coverage_export(request: AuthedRequest) -> HttpResponse:
    _form, rows, _counties, _unit = _coverage(request, request.POST)
    lines = []
    for row in rows:
        for b in row.branches:
            lines.append(
                [
                    row.county.name if row.county else "",
                    row.unit.name,
                    row.unit.get_unit_category_display(),
                    str(row.congress),
                    b.org.name,
                    b.staff,
                    b.staff_source_label,
                    "应建" if b.required else "不要求",
                    "已建" if b.congress else "未建",
                    f"{b.held_on:%Y-%m-%d}" if b.held_on else "",
                ]
            )
    sheet = SheetSpec(
        name="二级教（职）代会",
        headers=(
            "县区",
            "单位",
            "单位类别",
            "单位代表大会",
            "二级单位",
            "职工数",
            "职工数来源",
            "是否应建",
            "是否已建",
            "最近召开",
        ),
        rows=lines,
        widths=(14, 28, 12, 30, 24, 8, 20, 10, 10, 12),
        notes=[],
    )
    return xlsx_response(workbook_bytes([sheet]), "二级教（职）代会建立情况.xlsx")
