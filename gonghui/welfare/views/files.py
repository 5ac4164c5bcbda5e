"""Pages of 困难职工帮扶 — part `files`: the file list (search, filters, pagination, "waiting for my step", the
audited no-store xlsx export), the file page (the hub: state and next steps, every part's card, the surveys, the
公示, the timeline) and the flow's action pages 单位初审, 入户调查, 审核, 公示, 建档 and 不予建档 (GET shows the form,
or why the state does not allow the step now; POST acts; both answer 403 to whoever may not take the step).

Only `welfare.view` holders see files; a cadre without it (the union's admin, say) finds the list empty and every
file page 404 — the menu offers them 帮扶统计 only."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import xlsx_response
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page
from gonghui.spreadsheets.selectors import exporter_for
from gonghui.spreadsheets.services import export_request

from ..choices import FileAction, FileStatus
from ..forms.files import (
    ConfirmForm,
    FileFilterForm,
    PublicizeForm,
    RejectForm,
    ReviewForm,
    SurveyForm,
    UnitCheckForm,
)
from ..models import HardshipFile
from ..permissions import VIEW
from ..selectors import aid, classing, cycle, households, intake
from ..selectors.files import (
    FILE_FLOW,
    STATUS_BADGES,
    file_detail_context,
    file_filters,
    file_for,
    file_list_for_user,
    file_years,
    filter_orgs,
    may_create_file,
    step_page_context,
)
from ..services.files import (
    file_archive,
    file_publicise,
    file_reject,
    file_review,
    survey_record,
    unit_check,
)
from ..spreadsheets.files import FILES_EXPORT


@console_view()
def file_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    filters = file_filters(request.GET)
    form = FileFilterForm(request.GET, orgs=filter_orgs(user), years=file_years(user))
    context = {
        "form": form,
        "page": paginate(request, file_list_for_user(user, filters)),
        "querystring": query_without_page(request),
        "filtered": any(filters.values()),
        "badges": STATUS_BADGES,
        "may_view": has_action_anywhere(user, VIEW),
        "may_create": may_create_file(user),
    }
    return render(request, "welfare/files/file_list.html", context)


@sensitive_response
@require_POST
@console_view(VIEW)
def file_export(request: AuthedRequest) -> HttpResponse:
    """困难职工档案 (xlsx, audited, no-store): the list's rows with its filters (the query string)."""
    params = {k: str(v) for k, v in request.GET.items() if k != "page"}
    content, job = export_request(
        kind=FILES_EXPORT, actor=request.user, params=params, context=AuditContext.of(request)
    )
    if content is not None:
        return xlsx_response(content, exporter_for(FILES_EXPORT).file_name(params))
    if job is None:  # export_request returns one of the two
        raise Http404
    return redirect(job.get_absolute_url())


@console_view()
def file_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    file = file_for(user, pk)
    context = {
        **file_detail_context(user, file),
        "intake_panel": intake.intake_panel(user=user, file=file),
        "households_panel": households.households_panel(user=user, file=file),
        "classing_panel": classing.classing_panel(user=user, file=file),
        "cycle_panel": cycle.cycle_panel(user=user, file=file),
        "aid_panel": aid.aid_panel(user=user, file=file),
    }
    return render(request, "welfare/files/file_detail.html", context)


def _step(
    request: AuthedRequest,
    pk: int,
    *,
    action: FileAction,
    form_class: type[forms.Form],
    perform: Callable[[HardshipFile, dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    intro: str = "",
    confirm: str = "",
) -> HttpResponse:
    """An action page of the flow: 404 for a file the user does not see, 403 for a step the user may never take on
    it (GET and POST alike); the form when the state allows the step, else the reason."""
    file = file_for(request.user, pk)
    if not FILE_FLOW.permits(file, action, request.user):
        raise PermissionDenied
    form = form_class(posted_data(request))
    done = form_perform(
        request,
        form,
        lambda data: perform(file, data),
        success=success,
        then=file.get_absolute_url(),
    )
    if done:
        return done
    context = {
        **step_page_context(request.user, file, action),
        "form": form,
        "intro": intro,
        "confirm": confirm,
        "submit_label": str(action.label) if action != FileAction.SURVEY else "保存调查记录",
        "danger": action == FileAction.REJECT,
    }
    return render(request, "welfare/files/file_step.html", context)


@console_view()
def unit_check_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        action=FileAction.UNIT_CHECK,
        form_class=UnitCheckForm,
        perform=lambda file, data: unit_check(
            file=file, actor=request.user, passed=data["decision"] == "pass", note=data["note"]
        ),
        success=lambda f: "初审通过" if f.status == FileStatus.UNIT_CHECKED else "已退回申请人补充",
        intro="核对申请人是否为本单位会员、申请事实与所附材料；需要补充的请退回并写明要求",
    )


@console_view()
def survey_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        action=FileAction.SURVEY,
        form_class=SurveyForm,
        perform=lambda file, data: survey_record(
            file=file,
            actor=request.user,
            surveyed_on=data["surveyed_on"],
            visitors=data["visitors"],
            findings=data["findings"],
        ),
        success="已登记入户调查",
        intro="入户调查应由两名以上工作人员进行；调查结论加密保存",
    )


@console_view()
def review_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        action=FileAction.REVIEW,
        form_class=ReviewForm,
        perform=lambda file, data: file_review(file=file, actor=request.user, note=data["note"]),
        success="审核通过，可以公示",
        intro="审核通过须已核定困难类别、已上传授权委托书、每位家庭成员均已授权",
    )


@console_view()
def publicise_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        action=FileAction.PUBLICISE,
        form_class=PublicizeForm,
        perform=lambda file, data: file_publicise(
            file=file, actor=request.user, window=data.get("window"), context=AuditContext.of(request)
        ),
        success=lambda notice: f"已发布公示，公示期至 {notice.ends_on:%Y年%m月%d日}",
        intro="公示只公开申请人姓名、所在单位和困难类别，面向申请人所在工会的会员",
        confirm="公示发布后立即在会员端显示。确定发布吗？",
    )


@console_view()
def file_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        action=FileAction.FILE,
        form_class=ConfirmForm,
        perform=lambda file, _data: file_archive(file=file, actor=request.user),
        success=lambda f: f"已建档，下次复核日期 {f.next_review_due:%Y年%m月%d日}",
        intro="公示期满且无成立的异议后建档；建档后一年内应完成年度复核",
    )


@console_view()
def reject_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        action=FileAction.REJECT,
        form_class=RejectForm,
        perform=lambda file, data: file_reject(
            file=file, actor=request.user, reason=data["reason"], context=AuditContext.of(request)
        ),
        success="已办理不予建档，申请人将收到通知",
        intro="不予建档后档案办结；公示中的，公示将同时撤销",
        confirm="不予建档后不能恢复。确定办理吗？",
    )
