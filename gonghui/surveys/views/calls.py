"""Console views of part calls (课题申报): the list in three tabs (本单位发布的通知, 可申报的通知, 我单位的申报) with
search, year and status filters; the call's page — for its union every handed-in application with its review score
and the buttons of its state, for a union below the guide, topics and window with 我要申报 and its own
applications; the call and application forms; the confirmation and note pages of each step (GET shows them, POST
runs the service; a read-only cadre gets 403 on both). Reads go through the selectors; every change is a service."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import action_paths
from gonghui.attachments.selectors import attachments_of
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.timeline import timeline_for

from ..choices import CallStatus, ProjectStatus
from ..forms.calls import (
    ApplicationFilterForm,
    ApplicationForm,
    ApproveForm,
    AttachmentForm,
    CallFilterForm,
    CallForm,
    NoteForm,
    ReviewStartForm,
    application_initial,
    call_initial,
)
from ..models import ResearchCall, ResearchProject
from ..permissions import MANAGE, VIEW
from ..selectors.calls import (
    ApplicationFilters,
    CallFilters,
    applicant_orgs,
    application_or_404,
    applications_of_user,
    call_applications,
    call_counts,
    call_for_organiser_or_404,
    call_page_or_404,
    call_workbook,
    call_years,
    calls_issued,
    calls_to_apply,
    can_apply,
    can_decide_application,
    can_edit_application,
    can_run_call,
    is_applicant,
    issuer_orgs,
    review_finished,
    review_scores,
    review_templates,
)
from ..services import calls as services

TAB_ISSUED, TAB_APPLY, TAB_APPLICATIONS = "issued", "apply", "applications"

CALL_BADGES = {
    CallStatus.DRAFT: "bg-secondary-lt",
    CallStatus.OPEN: "bg-green-lt",
    CallStatus.CLOSED: "bg-orange-lt",
    CallStatus.FINISHED: "bg-blue-lt",
}
PROJECT_BADGES = {
    ProjectStatus.DRAFT: "bg-secondary-lt",
    ProjectStatus.SUBMITTED: "bg-orange-lt",
    ProjectStatus.RETURNED: "bg-red-lt",
    ProjectStatus.REVIEWING: "bg-purple-lt",
    ProjectStatus.REJECTED: "bg-secondary-lt",
    ProjectStatus.APPROVED: "bg-green-lt",
    ProjectStatus.MIDTERM: "bg-cyan-lt",
    ProjectStatus.CONCLUDING: "bg-cyan-lt",
    ProjectStatus.CONCLUDED: "bg-blue-lt",
    ProjectStatus.TERMINATED: "bg-red-lt",
}


def _call_url(call: ResearchCall) -> str:
    return reverse("surveys:call_detail", args=[call.public_id])


def _application_url(project: ResearchProject) -> str:
    """Where an application is read: the project's page (part projects)."""
    return reverse("surveys:project_detail", args=[project.public_id])


def _edit_url(project: ResearchProject) -> str:
    return reverse("surveys:application_edit", args=[project.public_id])


# --- calls ----------------------------------------------------------------------------------------------------


@console_view(VIEW)
def call_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    years = call_years(user)
    has_issued = calls_issued(user, CallFilters()).exists()
    tab = request.GET.get("tab") or (TAB_ISSUED if has_issued else TAB_APPLY)
    if tab not in (TAB_ISSUED, TAB_APPLY, TAB_APPLICATIONS):
        tab = TAB_ISSUED
    if tab == TAB_APPLICATIONS:
        form: CallFilterForm | ApplicationFilterForm = ApplicationFilterForm(request.GET, years=years)
        data = form.cleaned_data if form.is_valid() else {}
        rows: QuerySet[Any] = applications_of_user(
            user,
            ApplicationFilters(
                query=(data.get("q") or "").strip(), year=data.get("year"), status=data.get("status") or ""
            ),
        )
    else:
        form = CallFilterForm(request.GET, years=years)
        data = form.cleaned_data if form.is_valid() else {}
        filters = CallFilters(
            query=(data.get("q") or "").strip(), year=data.get("year"), status=data.get("status") or ""
        )
        rows = calls_issued(user, filters) if tab == TAB_ISSUED else calls_to_apply(user, filters)
    context = {
        "tab": tab,
        "form": form,
        "page": paginate(request, rows),
        "querystring": query_without_page(request),
        "filtered": any(data.values()),
        "call_badges": CALL_BADGES,
        "project_badges": PROJECT_BADGES,
        "can_create": bool(action_paths(user, MANAGE)),
    }
    return render(request, "surveys/calls/call_list.html", context)


@console_view(MANAGE)
def call_create(request: AuthedRequest) -> HttpResponse:
    form = CallForm(posted_data(request), orgs=issuer_orgs(request.user))
    done = form_perform(
        request,
        form,
        lambda data: services.call_create(org=data["org"], data=form.call_input(), actor=request.user),
        success="申报通知已保存为草稿，核对无误后请点“发布”",
        then=_call_url,
    )
    return done or render(request, "surveys/calls/call_form.html", {"form": form, "call": None})


@console_view(VIEW)
def call_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    call = call_for_organiser_or_404(request.user, public_id)
    form = CallForm(posted_data(request), initial=call_initial(call))
    done = form_perform(
        request,
        form,
        lambda data: services.call_update(call=call, data=form.call_input(), actor=request.user),
        success="申报通知已保存",
        then=_call_url,
    )
    return done or render(request, "surveys/calls/call_form.html", {"form": form, "call": call})


@console_view(VIEW)
def call_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    user = request.user
    page = call_page_or_404(user, public_id)
    call = page.call
    running = page.organiser and can_run_call(user, call)
    scores = review_scores(call) if page.organiser else {}
    applications = call_applications(user, call, organiser=page.organiser)
    context = {
        "call": call,
        "organiser": page.organiser,
        "running": running,
        "rows": [(project, scores.get(project.pk)) for project in applications],
        "counts": call_counts(call) if page.organiser else {},
        "review_finished": review_finished(call),
        "can_apply": can_apply(user, call),
        "call_badges": CALL_BADGES,
        "project_badges": PROJECT_BADGES,
        "timeline": timeline_for(call) if page.organiser else None,
    }
    return render(request, "surveys/calls/call_detail.html", context)


def _call_step(
    request: AuthedRequest,
    public_id: str,
    *,
    heading: str,
    explain: str,
    button: str,
    perform: Callable[..., object],
    success: str,
) -> HttpResponse:
    call = call_for_organiser_or_404(request.user, public_id)
    if request.method == "POST":
        return button_perform(
            request, lambda: perform(call=call, actor=request.user), success=success, back=_call_url(call)
        )
    return render(
        request,
        "surveys/calls/call_confirm.html",
        {"call": call, "heading": heading, "explain": explain, "button": button},
    )


@console_view(VIEW)
def call_open(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _call_step(
        request,
        public_id,
        heading="发布申报通知",
        explain="发布后，本级及下级工会即可查看通知并填写申报书，下级工会管理员会收到通知。",
        button="确认发布",
        perform=services.call_open,
        success="申报通知已发布，已通知下级工会",
    )


@console_view(VIEW)
def call_close(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _call_step(
        request,
        public_id,
        heading="申报截止",
        explain="截止后各单位不能再提交申报书；已提交的申报书照常受理、评审和立项。",
        button="确认截止",
        perform=services.call_close,
        success="申报已截止",
    )


@console_view(VIEW)
def call_review(request: AuthedRequest, public_id: str) -> HttpResponse:
    """组织评审: choose the score sheet; the round is then set up (judges, opening) on the reviews pages."""
    call = call_for_organiser_or_404(request.user, public_id)
    form = ReviewStartForm(posted_data(request), templates=review_templates(request.user))
    done = form_perform(
        request,
        form,
        lambda data: services.call_review_start(
            call=call, template=data["template"], blind_mode=data["blind_mode"], actor=request.user
        ),
        success="评审已创建，请在评审管理中添加评委并开始评审",
        then=lambda review_round: reverse("reviews:round_detail", args=[review_round.pk]),
    )
    return done or render(request, "surveys/calls/call_review.html", {"call": call, "form": form})


# --- applications ---------------------------------------------------------------------------------------------


@console_view(VIEW)
def application_create(request: AuthedRequest, public_id: str) -> HttpResponse:
    page = call_page_or_404(request.user, public_id)
    call = page.call
    orgs = applicant_orgs(request.user, call)
    if not orgs.exists():
        raise PermissionDenied
    form = ApplicationForm(posted_data(request), topics=call.topics, orgs=orgs)
    done = form_perform(
        request,
        form,
        lambda data: services.application_create(
            call=call, org=data["org"], data=form.application_input(), actor=request.user
        ),
        success="申报书已保存，可继续修改、上传附件，确认无误后提交",
        then=_edit_url,
    )
    return done or render(
        request, "surveys/calls/application_form.html", {"form": form, "call": call, "project": None}
    )


def _applicant_page(request: AuthedRequest, public_id: str) -> ResearchProject:
    project = application_or_404(request.user, public_id)
    if not is_applicant(request.user, project):
        raise PermissionDenied
    return project


def _call_side_page(request: AuthedRequest, public_id: str) -> ResearchProject:
    project = application_or_404(request.user, public_id)
    if not can_decide_application(request.user, project):
        raise PermissionDenied
    return project


@console_view(VIEW)
def application_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    project = _applicant_page(request, public_id)
    editable = can_edit_application(request.user, project)
    form = ApplicationForm(
        posted_data(request) if editable else None,
        topics=project.call.topics,
        initial=application_initial(project),
    )
    done = None
    if editable:
        done = form_perform(
            request,
            form,
            lambda data: services.application_update(
                project=project, data=form.application_input(), actor=request.user
            ),
            success="申报书已保存",
            then=_edit_url,
        )
    context = {
        "form": form,
        "call": project.call,
        "project": project,
        "editable": editable,
        "attachments": attachments_of(project),
        "attachment_form": AttachmentForm(),
        "timeline": timeline_for(project),
        "badges": PROJECT_BADGES,
    }
    return done or render(request, "surveys/calls/application_form.html", context)


@require_POST
@console_view(VIEW)
def application_attach(request: AuthedRequest, public_id: str) -> HttpResponse:
    project = _applicant_page(request, public_id)
    form = AttachmentForm(request.POST, request.FILES)
    return button_perform(
        request,
        lambda: services.application_attach(
            project=project, upload=form.cleaned_data["file"], actor=request.user
        ),
        success=lambda attachment: f"已上传附件 {attachment.original_name}",
        back=_edit_url(project),
        form=form,
    )


@console_view(VIEW)
def application_detach(request: AuthedRequest, public_id: str, attachment_id: str) -> HttpResponse:
    project = _applicant_page(request, public_id)
    attachment = attachments_of(project).filter(public_id=attachment_id).first()
    if attachment is None:
        raise Http404
    if request.method == "POST":
        return button_perform(
            request,
            lambda: services.application_detach(
                project=project, public_id=attachment.public_id, actor=request.user
            ),
            success="附件已删除",
            back=_edit_url(project),
        )
    return render(
        request,
        "surveys/calls/application_confirm.html",
        {
            "project": project,
            "heading": "删除附件",
            "explain": f"确定删除附件“{attachment.original_name}”吗？删除后不能恢复。",
            "button": "确认删除",
            "danger": True,
            "back": _edit_url(project),
        },
    )


def _application_step(
    request: AuthedRequest,
    project: ResearchProject,
    *,
    heading: str,
    explain: str,
    button: str,
    perform: Callable[..., object],
    success: str,
    back: str,
    danger: bool = False,
) -> HttpResponse:
    if request.method == "POST":
        return button_perform(
            request, lambda: perform(project=project, actor=request.user), success=success, back=back
        )
    return render(
        request,
        "surveys/calls/application_confirm.html",
        {
            "project": project,
            "heading": heading,
            "explain": explain,
            "button": button,
            "danger": danger,
            "back": back,
        },
    )


@console_view(VIEW)
def application_submit(request: AuthedRequest, public_id: str) -> HttpResponse:
    project = _applicant_page(request, public_id)
    return _application_step(
        request,
        project,
        heading="提交申报书",
        explain=f"提交后由{project.call.org.name}受理评审，提交后不能再修改（被退回的除外）。",
        button="确认提交",
        perform=services.application_submit,
        success="申报书已提交",
        back=_edit_url(project),
    )


@console_view(VIEW)
def application_accept(request: AuthedRequest, public_id: str) -> HttpResponse:
    project = _call_side_page(request, public_id)
    return _application_step(
        request,
        project,
        heading="受理进入评审",
        explain="受理后申报书进入评审，不能再退回修改。",
        button="确认受理",
        perform=services.application_accept,
        success="已受理，进入评审",
        back=_call_url(project.call),
    )


def _note_step(
    request: AuthedRequest,
    project: ResearchProject,
    *,
    heading: str,
    explain: str,
    button: str,
    perform: Callable[..., object],
    success: str,
) -> HttpResponse:
    form = NoteForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: perform(project=project, note=data["note"], actor=request.user),
        success=success,
        then=_call_url(project.call),
    )
    return done or render(
        request,
        "surveys/calls/application_note.html",
        {"project": project, "form": form, "heading": heading, "explain": explain, "button": button},
    )


@console_view(VIEW)
def application_return(request: AuthedRequest, public_id: str) -> HttpResponse:
    project = _call_side_page(request, public_id)
    return _note_step(
        request,
        project,
        heading="退回修改",
        explain="退回后申报单位可按意见修改，并在申报截止前重新提交。",
        button="确认退回",
        perform=services.application_return,
        success="已退回修改，已通知申报单位",
    )


@console_view(VIEW)
def application_reject(request: AuthedRequest, public_id: str) -> HttpResponse:
    project = _call_side_page(request, public_id)
    return _note_step(
        request,
        project,
        heading="不予立项",
        explain="请填写不予立项的理由，申报单位会收到通知。",
        button="确认不予立项",
        perform=services.project_reject,
        success="已不予立项，已通知申报单位",
    )


@console_view(VIEW)
def application_approve(request: AuthedRequest, public_id: str) -> HttpResponse:
    project = _call_side_page(request, public_id)
    form = ApproveForm(posted_data(request), initial={"approved_budget": project.budget})
    done = form_perform(
        request,
        form,
        lambda data: services.project_approve(
            project=project, approved_budget=data["approved_budget"], note=data["note"], actor=request.user
        ),
        success=lambda approved: f"已立项，立项编号 {approved.number}",
        then=_application_url,
    )
    scores = review_scores(project.call)
    return done or render(
        request,
        "surveys/calls/application_approve.html",
        {"project": project, "form": form, "score": scores.get(project.pk)},
    )


@sensitive_response
@require_POST
@console_view(VIEW)
def call_export(request: AuthedRequest, public_id: str) -> HttpResponse:
    """申报汇总表 as xlsx (the leaders' names: audited, never cached); the call's union and those above read it."""
    page = call_page_or_404(request.user, public_id)
    if not page.organiser:
        raise Http404
    content, rows = call_workbook(request.user, page.call)
    services.call_export_audit(
        call=page.call, rows=rows, actor=request.user, context=AuditContext.of(request)
    )
    return xlsx_response(content, f"课题申报汇总-{page.call.title}.xlsx")
