"""Console views of part elections (换届): the list in two tabs (任期届满 — unions of the subtree whose term has
ended or ends within 180 days, with filters and xlsx; 换届记录), the 换届 page (steps, dates, 文号, the union's
committees, timeline) and one form page per step (GET shows it, POST runs the service). The union runs its own
steps; the two 批复 belong to a manager of the union above. A read-only cadre gets 403 on every step page."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import action_paths
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import ElectionStatus
from ..forms.elections import (
    TAB_RECORDS,
    TAB_TERMS,
    ApproveForm,
    CancelForm,
    RecordFilterForm,
    RequestForm,
    ResultForm,
    StartForm,
    TermFilterForm,
)
from ..models import UnionElection
from ..permissions import MANAGE, VIEW
from ..selectors.elections import (
    DUE_DAYS,
    ElectionPage,
    TermFilters,
    can_start,
    county_choices,
    current_committees,
    election_page_or_404,
    election_records,
    open_election_of,
    org_for_election_or_404,
    term_list,
    term_workbook,
)
from ..services import elections as services

BADGES = {
    ElectionStatus.PLANNING: "bg-secondary-lt",
    ElectionStatus.REQUESTED: "bg-orange-lt",
    ElectionStatus.PLAN_APPROVED: "bg-cyan-lt",
    ElectionStatus.ELECTED: "bg-purple-lt",
    ElectionStatus.COMPLETED: "bg-green-lt",
    ElectionStatus.CANCELLED: "bg-secondary-lt",
}


def _detail_url(election: UnionElection) -> str:
    return reverse("congresses:election_detail", args=[election.public_id])


def _term_filters(form: TermFilterForm) -> tuple[TermFilters, bool]:
    data = form.cleaned_data if form.is_valid() else {}
    filters = TermFilters(
        query=(data.get("q") or "").strip(),
        county=data.get("county"),
        level=data.get("level") or "",
        state=data.get("state") or "",
    )
    return filters, any(data.values())


@console_view(VIEW)
def election_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    tab = request.GET.get("tab") or TAB_TERMS
    if tab not in (TAB_TERMS, TAB_RECORDS):
        tab = TAB_TERMS
    if tab == TAB_RECORDS:
        form: TermFilterForm | RecordFilterForm = RecordFilterForm(request.GET)
        data = form.cleaned_data if form.is_valid() else {}
        rows: Any = election_records(
            user, query=(data.get("q") or "").strip(), status=data.get("status") or ""
        )
        filtered = any(data.values())
    else:
        form = TermFilterForm(request.GET, counties=county_choices(user))
        filters, filtered = _term_filters(form)
        rows = term_list(user, filters)
    page = paginate(request, rows)
    if tab == TAB_TERMS:
        # 启动换届 only where the viewer may start one (an auditor sees the list without the button)
        manage_paths = action_paths(user, MANAGE)
        page.object_list = list(page.object_list)
        for org in page.object_list:
            org.may_start = any(org.path.startswith(path) for path in manage_paths)
    context = {
        "tab": tab,
        "form": form,
        "page": page,
        "querystring": query_without_page(request),
        "filtered": filtered,
        "badges": BADGES,
        "due_days": DUE_DAYS,
        "status_labels": dict(ElectionStatus.choices),
        "today": timezone.localdate(),
    }
    return render(request, "congresses/elections/election_list.html", context)


@console_view(VIEW)
def election_export(request: AuthedRequest) -> HttpResponse:
    """The term list (任期已届满或即将届满的工会) as xlsx, with the list's filters."""
    form = TermFilterForm(request.GET, counties=county_choices(request.user))
    filters, _filtered = _term_filters(form)
    content, _rows = term_workbook(request.user, filters)
    return xlsx_response(content, "工会换届提醒.xlsx")


@console_view(MANAGE)
def election_start(request: AuthedRequest, code: str) -> HttpResponse:
    org = org_for_election_or_404(request.user, code)
    if not can_start(request.user, org):
        raise PermissionDenied
    existing = open_election_of(org)
    if existing is not None:
        return redirect(_detail_url(existing))
    form = StartForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: services.election_start(
            org=org, actor=request.user, note=data["note"], context=AuditContext.of(request)
        ),
        success="已启动换届，筹备就绪后请报送换届请示",
        then=_detail_url,
    )
    return done or render(request, "congresses/elections/election_start.html", {"org": org, "form": form})


@console_view(VIEW)
def election_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    page = election_page_or_404(request.user, public_id)
    context = {
        "page": page,
        "election": page.election,
        "org": page.election.org,
        "committees": current_committees(page.election.org),
        "badges": BADGES,
        "timeline": timeline_for(page.election),
    }
    return render(request, "congresses/elections/election_detail.html", context)


def _step(
    request: AuthedRequest,
    public_id: str,
    *,
    approve: bool,
    form_class: type[Any],
    heading: str,
    explain: str,
    button: str,
    perform: Callable[[UnionElection, dict[str, Any], AuditContext], UnionElection],
    success: str,
    danger: bool = False,
) -> HttpResponse:
    page: ElectionPage = election_page_or_404(request.user, public_id)
    if not (page.can_approve if approve else page.can_run):
        raise PermissionDenied
    election = page.election
    form = form_class(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: perform(election, data, AuditContext.of(request)),
        success=success,
        then=_detail_url,
    )
    context = {
        "election": election,
        "form": form,
        "heading": heading,
        "explain": explain,
        "button": button,
        "danger": danger,
    }
    return done or render(request, "congresses/elections/election_step.html", context)


@console_view(MANAGE)
def election_request(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _step(
        request,
        public_id,
        approve=False,
        form_class=RequestForm,
        heading="报送换届请示",
        explain="请示报送后由上级工会批复；上级工会管理员会收到消息。",
        button="确认报送",
        perform=lambda e, d, c: services.election_request(
            election=e, actor=request.user, requested_on=d["requested_on"], context=c
        ),
        success="换届请示已报送，等待上级工会批复",
    )


@console_view(MANAGE)
def election_approve_plan(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _step(
        request,
        public_id,
        approve=True,
        form_class=ApproveForm,
        heading="批复换届请示",
        explain="登记对换届请示的批复日期和文号；批复后该工会即可组织选举。",
        button="确认批复",
        perform=lambda e, d, c: services.election_approve_plan(
            election=e, actor=request.user, approved_on=d["approved_on"], reference=d["reference"], context=c
        ),
        success="已批复换届请示",
    )


@console_view(MANAGE)
def election_result(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _step(
        request,
        public_id,
        approve=False,
        form_class=ResultForm,
        heading="登记选举结果",
        explain="登记选举日期和新一届任期；登记后报上级工会批复选举结果。",
        button="确认登记",
        perform=lambda e, d, c: services.election_record_result(
            election=e,
            actor=request.user,
            elected_on=d["elected_on"],
            term_started_on=d["term_started_on"],
            term_ends_on=d["term_ends_on"],
            context=c,
        ),
        success="选举结果已登记，等待上级工会批复",
    )


@console_view(MANAGE)
def election_approve_result(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _step(
        request,
        public_id,
        approve=True,
        form_class=ApproveForm,
        heading="批复选举结果",
        explain="批复后换届完成：该工会的工会委员会、经费审查委员会、女职工委员会转为新一届，"
        "本届任期改为新一届任期。此操作不能撤销。",
        button="确认批复并完成换届",
        perform=lambda e, d, c: services.election_approve_result(
            election=e, actor=request.user, approved_on=d["approved_on"], reference=d["reference"], context=c
        ),
        success="已批复选举结果，换届完成",
    )


@console_view(MANAGE)
def election_cancel(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _step(
        request,
        public_id,
        approve=False,
        form_class=CancelForm,
        heading="取消换届",
        explain="取消后本次换届记录保留但不再办理，工会任期不变；如需换届请重新启动。",
        button="确认取消",
        perform=lambda e, d, c: services.election_cancel(
            election=e, actor=request.user, reason=d["reason"], context=c
        ),
        success="换届已取消",
        danger=True,
    )
