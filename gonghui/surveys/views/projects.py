"""Console views of part projects: the 课题 registry (search, year, topic, status, union, pagination, xlsx), the
project page (the application, the decision, the 中期检查, the 结项 with the attached survey results, the files and
the timeline, with the actions of its state for each side), the action pages (中期报告, 中期检查, 结项材料, 结项审核,
撤项) and the 结项 summary PDF."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.core.pdf import pdf_response, render_pdf
from gonghui.core.timeline import timeline_for

from ..choices import ProjectStatus
from ..forms.projects import (
    ConcludeForm,
    FinalForm,
    MidtermCheckForm,
    MidtermForm,
    ProjectFilterForm,
    TerminateForm,
)
from ..models import ResearchProject
from ..permissions import VIEW
from ..selectors import projects as sel
from ..selectors.results import survey_results
from ..services import projects as svc


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _detail_url(project: ResearchProject) -> str:
    return reverse("surveys:project_detail", args=[project.public_id])


# --- the registry ---------------------------------------------------------------------------------------------
def _filters(request: AuthedRequest, data: Any) -> tuple[ProjectFilterForm, dict[str, Any]]:
    user = request.user
    form = ProjectFilterForm(
        data, years=sel.project_years(user), topics=sel.project_topics(user), orgs=sel.project_orgs(user)
    )
    chosen: dict[str, Any] = {"query": "", "year": None, "topic": "", "status": "", "org": None}
    if form.is_valid():
        cleaned = form.cleaned_data
        chosen = {
            "query": cleaned["q"],
            "year": cleaned["year"],
            "topic": cleaned["topic"],
            "status": cleaned["status"],
            "org": cleaned["org"],
        }
    return form, chosen


@console_view(VIEW)
def project_list(request: AuthedRequest) -> HttpResponse:
    form, chosen = _filters(request, request.GET)
    projects = sel.project_list(request.user, **chosen)
    context = {
        "form": form,
        "page": paginate(request, projects),
        "counts": sel.project_counts(projects),
        "querystring": query_without_page(request),
        "filtered": any(chosen.values()),
    }
    return render(request, "surveys/projects/project_list.html", context)


EXPORT_HEADERS = (
    "序号",
    "年度",
    "立项编号",
    "课题名称",
    "选题方向",
    "承担单位",
    "课题负责人",
    "课题组成员",
    "批准经费（元）",
    "状态",
    "中期检查",
    "结项等级",
    "结项时间",
    "申报通知",
)


def _team(project: ResearchProject) -> str:
    return "、".join(
        str(row.get("name", "")) for row in project.team if isinstance(row, dict) and row.get("name")
    )


def _project_workbook(projects: list[ResearchProject], notes: list[str]) -> bytes:
    rows = [
        [
            index,
            p.call.year,
            p.number,
            p.title,
            p.topic,
            p.org.name,
            p.leader_name,
            _team(p),
            float(p.approved_budget) if p.approved_budget is not None else "",
            p.get_status_display(),
            p.get_midterm_result_display() if p.midterm_result else "",
            p.get_rating_display() if p.rating else "",
            f"{p.concluded_at:%Y-%m-%d}" if p.concluded_at else "",
            p.call.title,
        ]
        for index, p in enumerate(projects, start=1)
    ]
    sheet = SheetSpec(
        name="课题名单",
        headers=EXPORT_HEADERS,
        rows=rows,
        widths=(6, 8, 14, 36, 24, 24, 10, 30, 12, 10, 12, 10, 12, 30),
        notes=notes,
    )
    return workbook_bytes([sheet])


@sensitive_response
@require_POST
@console_view(VIEW)
def project_export(request: AuthedRequest) -> HttpResponse:
    """课题名单 as xlsx, with the filters of the list (names of leaders and teams: audited, never cached)."""
    form, chosen = _filters(request, request.POST)
    projects = list(sel.project_list(request.user, **chosen))
    described = "；".join(
        f"{field.label}：{field.data}"
        for field in form
        if field.name != "org" and field.data not in (None, "")
    )
    if chosen["org"] is not None:
        described = "；".join(filter(None, [described, f"承担单位：{chosen['org'].name}"]))
    content = _project_workbook(projects, [f"筛选条件：{described}" if described else "全部课题"])
    svc.project_export_audit(
        rows=len(projects), actor=request.user, context=AuditContext.of(request), filters=described
    )
    return xlsx_response(content, "课题名单.xlsx")


# --- the project page -----------------------------------------------------------------------------------------
@console_view(VIEW)
def project_detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    user = request.user
    project = sel.project_for(user, public_id)
    surveys = list(sel.project_surveys(project))
    context = {
        "project": project,
        "actions": sel.project_actions(user, project),
        "application_steps": sel.application_steps(user, project),
        "files": sel.project_files(project),
        "results": [survey_results(s) for s in surveys],
        "timeline": timeline_for(project),
        "registered": project.status in sel.REGISTERED,
        "status_terminated": ProjectStatus.TERMINATED,
    }
    return render(request, "surveys/projects/project_detail.html", context)


def _project_for(request: AuthedRequest, public_id: Any, *, applicant: bool) -> ResearchProject:
    """The project (404 outside the user's scope), and the side the page needs (403 otherwise)."""
    project = sel.project_for(request.user, public_id)
    side = sel.is_applicant if applicant else sel.is_call_side
    _require(side(request.user, project))
    return project


def _action_page(
    request: AuthedRequest, template: str, project: ResearchProject, form: Any, allowed: bool, **extra: Any
) -> HttpResponse:
    context = {"project": project, "form": form, "allowed": allowed, **extra}
    return render(request, template, context, status=422 if form.errors else 200)


@console_view(VIEW)
def project_midterm_submit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    project = _project_for(request, public_id, applicant=True)
    form = MidtermForm(
        posted_data(request), request.FILES or None, initial={"report": project.midterm_report}
    )
    done = form_perform(
        request,
        form,
        lambda data: svc.project_midterm_submit(
            project=project,
            report=data["report"],
            files=data["attachments"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已提交中期报告，等待申报通知发布单位检查",
        then=_detail_url(project),
    )
    return done or _action_page(
        request,
        "surveys/projects/midterm_submit.html",
        project,
        form,
        sel.may_submit_midterm(project),
        heading="提交中期报告",
        button="提交中期报告",
        multipart=True,
    )


@console_view(VIEW)
def project_midterm_check(request: AuthedRequest, public_id: Any) -> HttpResponse:
    project = _project_for(request, public_id, applicant=False)
    form = MidtermCheckForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: svc.project_midterm_check(
            project=project,
            result=data["result"],
            opinion=data["opinion"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda p: f"已记录中期检查结论：{p.get_midterm_result_display()}",
        then=_detail_url(project),
    )
    return done or _action_page(
        request,
        "surveys/projects/midterm_check.html",
        project,
        form,
        project.status == ProjectStatus.MIDTERM,
        heading="中期检查",
        button="确定检查结论",
        confirm="确定记录该检查结论吗？选择“不通过”将撤项",
    )


@console_view(VIEW)
def project_final_submit(request: AuthedRequest, public_id: Any) -> HttpResponse:
    project = _project_for(request, public_id, applicant=True)
    initial = {
        "report": project.final_report,
        "outputs": project.outputs,
        "surveys": list(project.surveys.values_list("pk", flat=True)),
    }
    form = FinalForm(
        posted_data(request), request.FILES or None, surveys=sel.attachable_surveys(project), initial=initial
    )
    done = form_perform(
        request,
        form,
        lambda data: svc.project_final_submit(
            project=project,
            report=data["report"],
            outputs=data["outputs"],
            surveys=data["surveys"],
            files=data["attachments"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success="已提交结项材料，等待申报通知发布单位审核",
        then=_detail_url(project),
    )
    return done or _action_page(
        request,
        "surveys/projects/final_submit.html",
        project,
        form,
        sel.may_submit_final(project),
        refusal=svc.final_refusal(project),
        heading="提交结项材料",
        button="提交结项材料",
        multipart=True,
    )


@console_view(VIEW)
def project_conclude(request: AuthedRequest, public_id: Any) -> HttpResponse:
    project = _project_for(request, public_id, applicant=False)
    form = ConcludeForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: svc.project_conclude(
            project=project,
            decision=data["decision"],
            rating=data["rating"],
            opinion=data["opinion"],
            actor=request.user,
            context=AuditContext.of(request),
        ),
        success=lambda p: (
            f"课题已结项，等级：{p.get_rating_display()}"
            if p.status == ProjectStatus.CONCLUDED
            else "已退回结项材料，申报单位修改后可重新提交"
        ),
        then=_detail_url(project),
    )
    surveys = list(sel.project_surveys(project))
    return done or _action_page(
        request,
        "surveys/projects/conclude.html",
        project,
        form,
        project.status == ProjectStatus.CONCLUDING,
        results=[survey_results(s) for s in surveys],
        heading="结项审核",
        button="提交审核结果",
        confirm="确定提交审核结果吗？",
    )


@console_view(VIEW)
def project_terminate(request: AuthedRequest, public_id: Any) -> HttpResponse:
    project = _project_for(request, public_id, applicant=False)
    form = TerminateForm(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: svc.project_terminate(
            project=project, reason=data["reason"], actor=request.user, context=AuditContext.of(request)
        ),
        success="已撤项，已通知承担单位",
        then=_detail_url(project),
    )
    return done or _action_page(
        request,
        "surveys/projects/terminate.html",
        project,
        form,
        project.status in sel.LIVE,
        heading="撤项",
        button="确认撤项",
        danger=True,
        confirm="撤项后不能恢复，确定撤销该课题吗？",
    )


@console_view(VIEW)
def project_pdf(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The 结项 summary of a concluded project (number, union, leader, team, rating, opinion, outputs, surveys)."""
    project = sel.project_for(request.user, public_id)
    if project.status != ProjectStatus.CONCLUDED:
        raise Http404
    surveys = list(sel.project_surveys(project))
    context = {
        "title": "课题结项证明",
        "project": project,
        "results": [survey_results(s) for s in surveys],
    }
    pdf = render_pdf("surveys/projects/pdf/conclusion.html", context, request=request)
    return pdf_response(pdf, f"课题结项证明-{project.number or project.title}.pdf")
