"""Pages of the 劳模/工匠 registry (part `workers`): the registry (filters, search, pagination, 待登记 — roster
members flagged 劳模 with no registry title —, the audited xlsx export), 登记 (a roster member found by name,
pinyin, phone or the ID number's last four characters, or a person not on the roster), 修改 (with status), a
worker's page (facts, other titles, cares, visits, 助力脱贫攻坚 actions, studios led, timeline) with its 关爱, 走访
and 行动 forms, and the 助力脱贫攻坚 list (counts per kind, filters, export) with the 先进集体 action form."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for
from gonghui.spreadsheets.selectors import exporter_for
from gonghui.spreadsheets.services import export_request
from gonghui.visits.forms import VisitForm
from gonghui.visits.permissions import can_record_visit
from gonghui.visits.selectors import visits_of

from ..choices import PovertyActionKind, WorkerStatus
from ..forms.workers import (
    ActionFilterForm,
    CareForm,
    CollectiveActionForm,
    WorkerActionForm,
    WorkerEditForm,
    WorkerFilterForm,
    WorkerForm,
)
from ..models import ModelWorker
from ..permissions import VIEW, can_manage_for
from ..registrations.workers import ACTIONS_EXPORT, WORKERS_EXPORT
from ..selectors.workers import (
    CANDIDATES_SHOWN,
    action_counts,
    action_filters,
    action_list_for_user,
    action_years,
    flag_mismatches,
    other_titles,
    payable_lines,
    register_candidates,
    registry_orgs,
    worker_actions,
    worker_cares,
    worker_filters,
    worker_list_for_user,
    worker_studios,
    worker_visible_or_404,
    worker_years,
)
from ..services.workers import (
    care_record,
    poverty_action_record,
    worker_create,
    worker_update,
    worker_visit_record,
)

STATUS_BADGES = {
    WorkerStatus.ACTIVE: "bg-green-lt",
    WorkerStatus.RETIRED: "bg-blue-lt",
    WorkerStatus.DECEASED: "bg-secondary-lt",
    WorkerStatus.REVOKED: "bg-red-lt",
}
MISMATCHES_SHOWN = 10


def _detail_url(worker: ModelWorker) -> str:
    return reverse("honours:worker_detail", args=[worker.pk])


def _may_keep_any(request: AuthedRequest) -> bool:
    return registry_orgs(request.user).exists()


@console_view(VIEW)
def worker_list(request: AuthedRequest) -> HttpResponse:
    form = WorkerFilterForm(request.GET, years=worker_years(request.user))
    filters = worker_filters(request.GET)
    workers = worker_list_for_user(request.user, filters)
    mismatches = flag_mismatches(request.user)
    context = {
        "form": form,
        "page": paginate(request, workers),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "badges": STATUS_BADGES,
        "mismatches": list(mismatches[: MISMATCHES_SHOWN + 1]),
        "mismatches_shown": MISMATCHES_SHOWN,
        "mismatch_total": mismatches.count(),
        "can_create": _may_keep_any(request),
    }
    return render(request, "honours/worker_list.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def worker_export(request: AuthedRequest) -> HttpResponse:
    """劳模工匠名册 (xlsx, audited): the registry rows the user sees, with the list's filters (query string)."""
    return _export(request, WORKERS_EXPORT)


@sensitive_response
@require_POST
@console_view(VIEW)
def action_export(request: AuthedRequest) -> HttpResponse:
    return _export(request, ACTIONS_EXPORT)


def _export(request: AuthedRequest, kind: str) -> HttpResponse:
    params = {k: str(v) for k, v in request.GET.items() if k != "page"}
    content, job = export_request(
        kind=kind, actor=request.user, params=params, context=AuditContext.of(request)
    )
    if content is not None:
        return xlsx_response(content, exporter_for(kind).file_name(params))
    if job is None:  # export_request returns one of the two
        raise Http404
    return redirect(job.get_absolute_url())


@console_view(VIEW)
def worker_create_view(request: AuthedRequest) -> HttpResponse:
    """登记: for whoever keeps a union's registry (else 403). `?q=` searches the roster; `?member=` picks one (the
    待登记 box links here)."""
    orgs = registry_orgs(request.user)
    if not orgs.exists():
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:50]
    candidates = register_candidates(request.user)
    form = WorkerForm(
        posted_data(request),
        candidates=candidates,
        orgs=orgs,
        initial={"member": request.GET.get("member") or None},
    )
    done = form_perform(
        request,
        form,
        lambda data: worker_create(
            org=data["member"].org if data.get("member") else data["org"],
            member=data.get("member"),
            name=data.get("name") or "",
            kind=data["kind"],
            level=data["level"],
            title=data["title"],
            year=data["year"],
            unit_name=data["unit_name"],
            position=data["position"],
            note=data["note"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda worker: f"已登记：{worker}",
        then=_detail_url,
    )
    if done:
        return done
    picked = str(form["member"].value() or "")
    shown = list(register_candidates(request.user, query)[: CANDIDATES_SHOWN + 1]) if query else []
    more = len(shown) > CANDIDATES_SHOWN
    shown = shown[:CANDIDATES_SHOWN]
    if picked.isdigit() and all(str(m.pk) != picked for m in shown):
        shown = [*candidates.filter(pk=int(picked)), *shown]
    context = {
        "form": form,
        "query": query,
        "candidates": shown,
        "more_candidates": more,
        "candidates_shown": CANDIDATES_SHOWN,
        "picked": picked,
        "querystring": request.GET.urlencode(),
    }
    return render(request, "honours/worker_form.html", context)


@console_view(VIEW)
def worker_detail(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = worker_visible_or_404(request.user, worker_id)
    may_manage = can_manage_for(request.user, worker.org)
    context = {
        "worker": worker,
        "badges": STATUS_BADGES,
        "may_manage": may_manage,
        "may_add": may_manage and worker.status != WorkerStatus.REVOKED,
        "may_visit": can_record_visit(request.user, worker) and worker.status != WorkerStatus.REVOKED,
        "other_titles": other_titles(worker),
        "cares": worker_cares(worker),
        "visits": visits_of(worker),
        "actions": worker_actions(worker),
        "studios": [(studio, studio.get_absolute_url()) for studio in worker_studios(worker)],
        "timeline": timeline_for(worker),
    }
    return render(request, "honours/worker_detail.html", context)


def _managed(request: AuthedRequest, worker_id: int) -> ModelWorker:
    worker = worker_visible_or_404(request.user, worker_id)
    if not can_manage_for(request.user, worker.org):
        raise PermissionDenied
    return worker


@console_view(VIEW)
def worker_edit(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = _managed(request, worker_id)
    form = WorkerEditForm.for_worker(posted_data(request), worker)
    done = form_perform(
        request,
        form,
        lambda data: worker_update(
            worker=worker,
            kind=data["kind"],
            level=data["level"],
            title=data["title"],
            year=data["year"],
            unit_name=data["unit_name"],
            position=data["position"],
            status=data["status"],
            note=data["note"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已保存",
        then=_detail_url(worker),
    )
    return done or render(request, "honours/worker_edit.html", {"worker": worker, "form": form})


@console_view(VIEW)
def care_add(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = _managed(request, worker_id)
    form = CareForm(posted_data(request), lines=payable_lines(request.user, worker.org))
    done = form_perform(
        request,
        form,
        lambda data: care_record(
            worker=worker,
            kind=data["kind"],
            happened_on=data["happened_on"],
            content=data["content"],
            amount=data.get("amount"),
            budget_line=data.get("budget_line"),
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda care: (
            f"已登记{care.get_kind_display()}"
            + (f"，{care.amount} 元已经经费台账支付" if care.amount is not None else "")
        ),
        then=_detail_url(worker),
    )
    return done or render(request, "honours/worker_care_form.html", {"worker": worker, "form": form})


@console_view(VIEW)
def visit_add(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = worker_visible_or_404(request.user, worker_id)
    if not can_record_visit(request.user, worker):
        raise PermissionDenied
    form = VisitForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: worker_visit_record(
            worker=worker,
            visited_on=data["visited_on"],
            occasion=data["occasion"],
            visitors=data["visitors"],
            content=data["content"],
            gifts=data["gifts"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已登记走访慰问",
        then=_detail_url(worker),
    )
    return done or render(request, "honours/worker_visit_form.html", {"worker": worker, "form": form})


@console_view(VIEW)
def action_add(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = _managed(request, worker_id)
    form = WorkerActionForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: poverty_action_record(
            org=worker.org,
            worker=worker,
            kind=data["kind"],
            title=data["title"],
            place=data["place"],
            started_on=data["started_on"],
            ended_on=data.get("ended_on"),
            partners=data["partners"],
            results=data["results"],
            beneficiaries=data.get("beneficiaries"),
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda action: f"已登记{action.get_kind_display()}：{action.title}",
        then=_detail_url(worker),
    )
    return done or render(request, "honours/action_form.html", {"worker": worker, "form": form})


@console_view(VIEW)
def action_list(request: AuthedRequest) -> HttpResponse:
    form = ActionFilterForm(request.GET, years=action_years(request.user))
    filters = action_filters(request.GET)
    actions = action_list_for_user(request.user, filters)
    context = {
        "form": form,
        "page": paginate(request, actions),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "counts": action_counts(action_list_for_user(request.user, {**filters, "kind": ""})),
        "total": actions.count(),
        "can_create": _may_keep_any(request),
    }
    return render(request, "honours/action_list.html", context)


@console_view(VIEW)
def collective_action_add(request: AuthedRequest) -> HttpResponse:
    """先进集体专项行动: recorded by a union whose registry the user keeps (else 403)."""
    orgs = registry_orgs(request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = CollectiveActionForm(posted_data(request), orgs=orgs)
    done = form_perform(
        request,
        form,
        lambda data: poverty_action_record(
            org=data["org"],
            collective_name=data["collective_name"],
            kind=PovertyActionKind.COLLECTIVE,
            title=data["title"],
            place=data["place"],
            started_on=data["started_on"],
            ended_on=data.get("ended_on"),
            partners=data["partners"],
            results=data["results"],
            beneficiaries=data.get("beneficiaries"),
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda action: f"已登记先进集体专项行动：{action.title}",
        then=reverse("honours:action_list"),
    )
    return done or render(request, "honours/action_form.html", {"worker": None, "form": form})
