"""Pages of 疗休养 (part `recuperation`): the programmes (filters, pagination), one programme (batches, the quota
tree, the places with filters, the timeline), its form, the allocation of places to child unions (and further down),
the nomination page (the candidates with the priority rules applied), batches, the roster for the resort (xlsx:
full names and phones, POST, audited, no-store), the report up to 市总 (xlsx, counts only), cancel and substitute,
and the scanner at the resort (the rotating 会员码, or the member number typed)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.checkins.forms import ScanForm
from gonghui.checkins.scanning import checked_in, scan_step
from gonghui.checkins.services import checkin_manual, checkin_validate
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.quotas.selectors import allocation_level

from ..choices import PlaceStatus, ProgrammeStatus
from ..forms.recuperation import (
    AllocateForm,
    BatchForm,
    CancelForm,
    CandidateFilterForm,
    NominateForm,
    PlaceFilterForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    SubstituteForm,
)
from ..models import RecuperationPlace
from ..permissions import CARE_MANAGE, CARE_VIEW
from ..selectors import recuperation as sel
from ..services import recuperation as svc
from ..services.recuperation import ADVANCE_LABELS, NEXT_STATUS
from ..spreadsheets.recuperation import report_workbook, roster_workbook

PROGRAMME_FIELDS = (
    "name",
    "year",
    "issuer",
    "received_reference",
    "places_received",
    "priority_tag",
    "no_repeat_years",
    "health_requirements",
    "nomination_deadline",
)


def _programme_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {field: data[field] for field in PROGRAMME_FIELDS}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@console_view(CARE_VIEW)
def programme_list(request: AuthedRequest) -> HttpResponse:
    filters = sel.programme_filters(request.GET)
    form = ProgrammeFilterForm(request.GET, years=sel.programme_years(request.user))
    context = {
        "form": form,
        "page": paginate(request, sel.programme_list_for_user(request.user, filters)),
        "querystring": query_without_page(request),
        "filtered": filters.any(),
        "badges": sel.PROGRAMME_BADGES,
        "may_create": sel.programme_orgs(request.user).exists(),
    }
    return render(request, "welfare/recuperation/programme_list.html", context)


@console_view(CARE_MANAGE)
def programme_create(request: AuthedRequest) -> HttpResponse:
    orgs = sel.programme_orgs(request.user)
    form = ProgrammeForm(posted_data(request), orgs=orgs, initial={"org": orgs.first(), "no_repeat_years": 3})
    done = form_perform(
        request,
        form,
        lambda data: svc.programme_create(
            org=data["org"], actor=request.user, context=AuditContext.of(request), **_programme_fields(data)
        ),
        success=lambda p: (
            f"已创建疗休养项目“{p.name}”，收到名额 {p.places_received} 个；请添加批次并分配名额"
        ),
        then=lambda p: reverse("welfare:programme_detail", args=[p.pk]),
    )
    return done or render(
        request, "welfare/recuperation/programme_form.html", {"form": form, "programme": None}
    )


@console_view(CARE_VIEW)
def programme_edit(request: AuthedRequest, programme_id: int) -> HttpResponse:
    programme = sel.programme_for(request.user, programme_id)
    _require(sel.may_manage_programme(request.user, programme))
    initial = {field: getattr(programme, field) for field in PROGRAMME_FIELDS}
    form = ProgrammeForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: svc.programme_update(
            programme=programme,
            actor=request.user,
            context=AuditContext.of(request),
            **_programme_fields(data),
        ),
        success="已保存",
        then=reverse("welfare:programme_detail", args=[programme.pk]),
    )
    return done or render(
        request, "welfare/recuperation/programme_form.html", {"form": form, "programme": programme}
    )


@console_view(CARE_VIEW)
def programme_detail(request: AuthedRequest, programme_id: int) -> HttpResponse:
    user = request.user
    programme = sel.programme_for(user, programme_id)
    may_manage = sel.may_manage_programme(user, programme)
    batches = list(sel.batches_with_counts(programme))
    filters = sel.place_filters(request.GET)
    place_form = PlaceFilterForm(request.GET, batches=[(b.pk, b.name) for b in batches])
    page = paginate(request, sel.place_list(user, programme, filters))
    allocations = sel.managed_allocations(user, programme)
    next_status = NEXT_STATUS.get(ProgrammeStatus(programme.status))
    context = {
        "programme": programme,
        "badge": sel.PROGRAMME_BADGES.get(ProgrammeStatus(programme.status)),
        "may_manage": may_manage,
        "advance_label": ADVANCE_LABELS.get(next_status) if next_status and may_manage else "",
        "batches": batches,
        "capacity_total": sum(b.capacity for b in batches),
        "quota_summary": sel.quota_summary(programme),
        "rows": sel.quota_rows(user, programme),
        "allocations": allocations,
        "may_nominate": bool(allocations) and programme.status == ProgrammeStatus.NOMINATING,
        "place_form": place_form,
        "page": page,
        "place_rows": [(place, sel.may_handle_place(user, place)) for place in page.object_list],
        "place_badges": sel.PLACE_BADGES,
        "querystring": query_without_page(request),
        "filtered": filters.any(),
        "replaceable": sel.REPLACEABLE_STATUSES,
        "cancellable": (PlaceStatus.NOMINATED, PlaceStatus.CONFIRMED),
        "timeline": sel.place_timeline(user, programme),
    }
    return render(request, "welfare/recuperation/programme_detail.html", context)


@require_POST
@console_view(CARE_VIEW)
def programme_advance(request: AuthedRequest, programme_id: int) -> HttpResponse:
    programme = sel.programme_for(request.user, programme_id)
    _require(sel.may_manage_programme(request.user, programme))
    return button_perform(
        request,
        lambda: svc.programme_advance(programme=programme, actor=request.user),
        success=lambda p: f"项目状态：{p.get_status_display()}",
        back=reverse("welfare:programme_detail", args=[programme.pk]),
    )


@console_view(CARE_VIEW)
def programme_allocate(request: AuthedRequest, programme_id: int) -> HttpResponse:
    """分配名额: the programme's union splits the places over its child unions; with `?parent=<allocation>` a union
    below splits its own allocation further down."""
    user = request.user
    programme = sel.programme_for(user, programme_id)
    parent_id = sel.int_param(request.GET.get("parent"))
    parent = sel.allocation_for(user, programme, parent_id) if parent_id else None
    giver = programme.org if parent is None else parent.org
    if parent is None:  # a parent found by `allocation_for` is one the user manages
        _require(sel.may_manage_programme(user, programme))
    orgs = sel.allocation_targets_for(giver)
    level = allocation_level(programme.quota_set, parent) if programme.quota_set else {}
    current = {org_id: allocation.allocated for org_id, allocation in level.items()}
    form = AllocateForm(posted_data(request), orgs=orgs, current=current)
    available = programme.places_received if parent is None else parent.allocated
    done = form_perform(
        request,
        form,
        lambda data: svc.programme_allocate(
            programme=programme,
            shares=form.shares(current),
            actor=user,
            parent=parent,
            context=AuditContext.of(request),
        ),
        success="名额已分配",
        then=reverse("welfare:programme_detail", args=[programme.pk]),
    )
    context = {"programme": programme, "form": form, "giver": giver, "parent": parent, "available": available}
    return done or render(request, "welfare/recuperation/allocate.html", context)


@console_view(CARE_VIEW)
def place_nominate(request: AuthedRequest, programme_id: int) -> HttpResponse:
    """推荐: the candidates of one of the user's allocations (`?allocation=`), front-line first, each with the reason
    it may not be nominated; choose one, a batch and the reason."""
    user = request.user
    programme = sel.programme_for(user, programme_id)
    allocations = sel.managed_allocations(user, programme)
    _require(bool(allocations))
    chosen = sel.int_param(request.GET.get("allocation"))
    allocation = sel.allocation_for(user, programme, chosen) if chosen else allocations[0]
    filter_form = CandidateFilterForm(request.GET)
    q = filter_form.cleaned_data.get("q", "") if filter_form.is_valid() else ""
    front_only = bool(filter_form.cleaned_data.get("front")) if filter_form.is_valid() else False
    form = NominateForm(posted_data(request), batches=sel.batches_with_counts(programme))
    nominating = programme.status == ProgrammeStatus.NOMINATING
    here = reverse("welfare:place_nominate", args=[programme.pk]) + f"?allocation={allocation.pk}"

    def perform(data: dict[str, Any]) -> RecuperationPlace:
        member = sel.candidate_for(user, programme, allocation, data["member"])
        if member is None:
            raise ValidationError({"member": "请从本会候选人中选择会员"})
        return svc.place_nominate(
            programme=programme,
            allocation=allocation,
            member=member,
            batch=data["batch"],
            reason=data["reason"],
            actor=user,
        )

    done = (
        form_perform(
            request,
            form,
            perform,
            success=lambda p: f"已推荐{p.member.name}参加{p.batch.name}，已通知本人确认",
            then=here,
        )
        if nominating
        else None
    )
    page = paginate(request, sel.candidate_list(user, programme, allocation, q=q, front_only=front_only))
    reasons = sel.refusal_reasons(programme, [m.pk for m in page.object_list])
    remaining = sel.allocation_free(allocation)
    context = {
        "programme": programme,
        "allocation": allocation,
        "allocations": allocations,
        "remaining": remaining,
        "filter_form": filter_form,
        "form": form,
        "page": page,
        "rows": [(member, reasons.get(member.pk, "")) for member in page.object_list],
        "waiting": sel.front_line_waiting(programme, allocation),
        "nominating": nominating,
        "querystring": query_without_page(request),
    }
    return done or render(request, "welfare/recuperation/nominate.html", context)


@console_view(CARE_VIEW)
def programme_report(request: AuthedRequest, programme_id: int) -> HttpResponse:
    """The report up to 市总 (xlsx): places received, allocated, used and attended per union and per batch; counts
    of the programme's own places, no names."""
    programme = sel.programme_for(request.user, programme_id)
    _require(sel.may_manage_programme(request.user, programme))
    content = report_workbook(
        programme, sel.report_by_union(programme), list(sel.batches_with_counts(programme))
    )
    return xlsx_response(content, f"疗休养报送-{programme.name}.xlsx")


@console_view(CARE_VIEW)
def batch_create(request: AuthedRequest, programme_id: int) -> HttpResponse:
    programme = sel.programme_for(request.user, programme_id)
    _require(sel.may_manage_programme(request.user, programme))
    form = BatchForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: svc.batch_save(programme=programme, actor=request.user, **data),
        success=lambda b: f"已添加批次“{b.name}”",
        then=reverse("welfare:programme_detail", args=[programme.pk]),
    )
    context = {
        "form": form,
        "programme": programme,
        "batch": None,
        "capacity_total": sel.capacity_total(programme),
    }
    return done or render(request, "welfare/recuperation/batch_form.html", context)


@console_view(CARE_VIEW)
def batch_edit(request: AuthedRequest, batch_id: int) -> HttpResponse:
    batch = sel.batch_for(request.user, batch_id)
    programme = batch.programme
    _require(sel.may_manage_programme(request.user, programme))
    initial = {
        f: getattr(batch, f) for f in ("name", "resort", "starts_on", "ends_on", "capacity", "assembly")
    }
    form = BatchForm(posted_data(request), initial=initial)
    done = form_perform(
        request,
        form,
        lambda data: svc.batch_save(programme=programme, batch=batch, actor=request.user, **data),
        success="已保存",
        then=reverse("welfare:batch_detail", args=[batch.pk]),
    )
    context = {
        "form": form,
        "programme": programme,
        "batch": batch,
        "capacity_total": sel.capacity_total(programme, besides=batch),
    }
    return done or render(request, "welfare/recuperation/batch_form.html", context)


@console_view(CARE_VIEW)
def batch_detail(request: AuthedRequest, batch_id: int) -> HttpResponse:
    user = request.user
    batch = sel.batch_for(user, batch_id)
    programme = batch.programme
    places = (
        sel.places_visible_to(user, programme).filter(batch=batch).order_by("org__path", "member__name", "pk")
    )
    may_manage = sel.may_manage_programme(user, programme)
    context = {
        "batch": batch,
        "programme": programme,
        "page": paginate(request, places),
        "place_badges": sel.PLACE_BADGES,
        "may_manage": may_manage,
        "checked_in": sel.checked_in_members(batch),
        "live": sel.batch_live_count(batch),
    }
    return render(request, "welfare/recuperation/batch_detail.html", context)


@sensitive_response
@require_POST
@console_view(CARE_VIEW)
def batch_roster(request: AuthedRequest, batch_id: int) -> HttpResponse:
    """The resort's roster (xlsx): full names and phone numbers — the resort calls its guests — so a POST, audited,
    answered no-store, for the programme's union only."""
    batch = sel.batch_for(request.user, batch_id)
    _require(sel.may_manage_programme(request.user, batch.programme))
    content, rows = roster_workbook(batch, sel.roster_places(batch), sel.checked_in_members(batch))
    svc.batch_roster_export(batch=batch, actor=request.user, rows=rows, context=AuditContext.of(request))
    return xlsx_response(content, f"疗休养名单-{batch.programme.name}-{batch.name}.xlsx")


@console_view(CARE_VIEW)
def batch_scan(request: AuthedRequest, batch_id: int) -> HttpResponse:
    """报到 at the resort: a scanned 会员码 (`step=scan`), or the member number typed (`step=find`, then
    `step=confirm` after the masked name is shown); a check-in turns the confirmed place into 已报到."""
    user = request.user
    batch = sel.batch_for(user, batch_id)
    _require(sel.batch_can_scan(user, batch))
    # the target's on_checkin turns the confirmed place into 已报到 in the same transaction
    step = scan_step(
        request,
        find=lambda number: sel.member_for_scan(batch, number),
        confirm=lambda member_id: sel.member_of_place_in_batch(batch, member_id),
        typed=lambda member: checked_in(checkin_manual(target=batch, member=member, actor=user)),
        scanned=lambda payload: checked_in(checkin_validate(target=batch, payload=payload, actor=user)),
        not_found="没有找到该会员编号或会员卡号，或该会员不在本批次名单",
        find_first="请先查找会员",
    )
    checkins = sel.batch_checkins(batch)
    context = {
        "batch": batch,
        "programme": batch.programme,
        "result": step.result,
        "found": step.found,
        "scan_form": ScanForm(),
        "number_form": step.number_form,
        "total": checkins.count(),
        "recent": list(checkins.order_by("-at", "-pk")[:5]),
    }
    return render(request, "welfare/recuperation/batch_scan.html", context, status=step.status)


@console_view(CARE_VIEW)
def place_cancel(request: AuthedRequest, place_id: int) -> HttpResponse:
    place = sel.place_for(request.user, place_id)
    _require(sel.may_handle_place(request.user, place))
    form = CancelForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: svc.place_cancel(place=place, reason=data["reason"], actor=request.user),
        success=lambda p: f"已取消{p.member.name}的名额，可推荐替补",
        then=reverse("welfare:programme_detail", args=[place.programme_id]),
    )
    context = {
        "place": place,
        "form": form,
        "may_cancel": place.status in (PlaceStatus.NOMINATED, PlaceStatus.CONFIRMED),
    }
    return done or render(request, "welfare/recuperation/place_cancel.html", context)


@console_view(CARE_VIEW)
def place_substitute(request: AuthedRequest, place_id: int) -> HttpResponse:
    """替补: a declined or cancelled place given to another candidate of the same union (same rules)."""
    user = request.user
    place = sel.place_for(user, place_id)
    _require(sel.may_handle_place(user, place))
    programme = place.programme
    allocation = sel.place_allocation(place)
    filter_form = CandidateFilterForm(request.GET)
    q = filter_form.cleaned_data.get("q", "") if filter_form.is_valid() else ""
    form = SubstituteForm(
        posted_data(request),
        batches=sel.batches_with_counts(programme),
        initial={"batch": place.batch},
    )
    replaceable = place.status in sel.REPLACEABLE_STATUSES and allocation is not None

    def perform(data: dict[str, Any]) -> RecuperationPlace:
        member = sel.candidate_for(user, programme, allocation, data["member"]) if allocation else None
        if member is None:
            raise ValidationError({"member": "请从本会候选人中选择会员"})
        return svc.place_substitute(
            place=place, member=member, batch=data["batch"], reason=data["reason"], actor=user
        )

    done = (
        form_perform(
            request,
            form,
            perform,
            success=lambda p: f"已由{p.member.name}替补，已通知本人确认",
            then=reverse("welfare:programme_detail", args=[programme.pk]),
        )
        if replaceable
        else None
    )
    rows: list[tuple[Any, str]] = []
    page = None
    if allocation is not None:
        page = paginate(request, sel.candidate_list(user, programme, allocation, q=q))
        reasons = sel.refusal_reasons(programme, [m.pk for m in page.object_list])
        rows = [(member, reasons.get(member.pk, "")) for member in page.object_list]
    context = {
        "place": place,
        "programme": programme,
        "allocation": allocation,
        "form": form,
        "filter_form": filter_form,
        "page": page,
        "rows": rows,
        "replaceable": replaceable,
        "querystring": query_without_page(request),
    }
    return done or render(request, "welfare/recuperation/place_substitute.html", context)
