"""Console views of part moderation: the 婚恋交友管理员's queue of reports and the handling of one.

The queue and the report page show the report (number, reason, the reporter's words, time, status, timeline), not
the reported profile. The profile is shown only in the answer to the POST 查看被举报资料 (`report_reveal`), which
writes the audit row and the timeline row first — a GET writes nothing in this codebase. The photo is served by
`report_photo` to a moderator who has revealed that report, after the same scoping."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.attachments.policies import INLINE_TYPES
from gonghui.core.audit import AuditContext
from gonghui.core.downloads import content_disposition
from gonghui.core.errors import validation_error_text
from gonghui.core.forms import apply_validation_error, posted_data
from gonghui.core.http import sensitive_response
from gonghui.core.pagination import paginate, query_without_page

from ..choices import ProfileStatus, ReportStatus
from ..forms.moderation import HandleForm, ReportFilterForm, RestoreForm
from ..models import Report
from ..permissions import MODERATE
from ..selectors.moderation import (
    ReportedProfile,
    has_revealed,
    report_get_for_user,
    report_list_for_user,
    report_number,
    report_timeline,
)
from ..services import moderation as services


@console_view(MODERATE)
def report_list(request: AuthedRequest) -> HttpResponse:
    form = ReportFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    status, reason = filters.get("status", ""), filters.get("reason", "")
    context = {
        "form": form,
        "page": paginate(request, report_list_for_user(request.user, status=status, reason=reason)),
        "querystring": query_without_page(request),
        "filtered": bool(status or reason),
    }
    return render(request, "matchmaking/moderation/report_list.html", context)


def _detail(
    request: AuthedRequest,
    report: Report,
    *,
    revealed: ReportedProfile | None = None,
    handle_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "report": report,
        "number": report_number(report),
        "profile_status": report.reported.status,
        "profile_status_label": report.reported.get_status_display(),
        "is_pending": report.status == ReportStatus.PENDING,
        "is_suspended": report.reported.status == ProfileStatus.SUSPENDED,
        "handle_form": handle_form or HandleForm(),
        "revealed": revealed,
        "timeline": report_timeline(report),
        "state_labels": dict(ReportStatus.choices),
    }
    return render(request, "matchmaking/moderation/report_detail.html", context, status=status)


@console_view(MODERATE)
def report_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    return _detail(request, report_get_for_user(request.user, public_id))


@sensitive_response
@require_POST
@console_view(MODERATE)
def report_reveal(request: AuthedRequest, public_id: str) -> HttpResponse:
    """查看被举报资料: audited (one row per look), then shown on this response only."""
    report = report_get_for_user(request.user, public_id)
    revealed = services.report_reveal(report=report, actor=request.user, context=AuditContext.of(request))
    return _detail(request, report, revealed=revealed)


@sensitive_response
@require_safe
@console_view(MODERATE)
def report_photo(request: AuthedRequest, public_id: str) -> HttpResponse:
    """The reported profile's photo, for a moderator who has opened that profile (an audited reveal); otherwise
    back to the report page."""
    report = report_get_for_user(request.user, public_id)
    photo = report.reported.photo
    if photo is None or photo.extension not in INLINE_TYPES or not has_revealed(report, request.user):
        return redirect("matchmaking:report_detail", public_id=report.public_id)
    with photo.file.open("rb") as handle:  # a profile photo is small (the profiles part's image policy)
        response = HttpResponse(handle.read(), content_type=INLINE_TYPES[photo.extension])
    response["Content-Disposition"] = content_disposition(photo.original_name, inline=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@console_view(MODERATE)
def report_handle(request: AuthedRequest, public_id: str) -> HttpResponse:
    report = report_get_for_user(request.user, public_id)
    form = HandleForm(request.POST)
    if form.is_valid():
        try:
            services.report_handle(
                report=report,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["handler_note"],
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # handled meanwhile: the page no longer offers the form
                messages.error(request, validation_error_text(exc))
                return redirect("matchmaking:report_detail", public_id=report.public_id)
            apply_validation_error(form, exc)
        else:
            messages.success(request, "举报已处理，已通知举报人")
            return redirect("matchmaking:report_detail", public_id=report.public_id)
    return _detail(request, report, handle_form=form, status=422)


@console_view(MODERATE)
def profile_restore(request: AuthedRequest, public_id: str) -> HttpResponse:
    """恢复展示 of the profile this report is about (asked first; only while it is suspended)."""
    report = report_get_for_user(request.user, public_id)
    suspended = report.reported.status == ProfileStatus.SUSPENDED
    form = RestoreForm(posted_data(request))
    if suspended and request.method == "POST" and form.is_valid():
        try:
            services.profile_restore(report=report, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已恢复该资料的展示，已通知该会员")
            return redirect("matchmaking:report_detail", public_id=report.public_id)
    context = {"report": report, "number": report_number(report), "suspended": suspended, "form": form}
    return render(
        request,
        "matchmaking/moderation/profile_restore.html",
        context,
        status=422 if request.method == "POST" else 200,
    )
