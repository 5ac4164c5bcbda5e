"""Portal (member) views of part moderation (375 px first): reporting a profile the member may see, and the
report's receipt (the reporter's own only). Both are answered no-store."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.forms import apply_validation_error, posted_data
from gonghui.core.http import sensitive_response
from gonghui.members.decorators import portal_view

from ..choices import ReportStatus
from ..forms.moderation import ReportForm
from ..selectors.moderation import (
    pending_report_between,
    receipt_get_for_member,
    report_number,
    reportable_profile_or_404,
)
from ..selectors.profiles import active_profile
from ..services import moderation as services


@sensitive_response
@portal_view
def report_create(request: AuthedRequest, public_id: str) -> HttpResponse:
    """举报: only a member with an active profile, about a profile they may see (else 404)."""
    viewer = active_profile(request.member)  # type: ignore[attr-defined]
    if viewer is None:  # no active profile: no other profile exists for this member
        raise Http404
    reported = reportable_profile_or_404(viewer, public_id)
    pending = pending_report_between(viewer, reported)
    form = ReportForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_submit(
                reporter=viewer,
                reported=reported,
                actor=request.user,
                data=services.ReportData(
                    reason=data["reason"], detail=data["detail"], also_block=data["also_block"]
                ),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "举报已提交，婚恋交友管理员会尽快处理")
            return redirect("matchmaking_portal:report_receipt", public_id=report.public_id)
    context = {"profile": reported, "form": form, "pending": pending, "tab": "services"}
    status = 422 if request.method == "POST" else 200
    return render(request, "matchmaking/moderation/portal_report_form.html", context, status=status)


@sensitive_response
@portal_view
def report_receipt(request: AuthedRequest, public_id: str) -> HttpResponse:
    """The receipt of the member's own report: number, time, status and, once handled, the outcome."""
    report = receipt_get_for_member(request.member, public_id)  # type: ignore[attr-defined]
    context = {
        "report": report,
        "number": report_number(report),
        "handled": report.status == ReportStatus.HANDLED,
        "tab": "services",
    }
    return render(request, "matchmaking/moderation/portal_report_receipt.html", context)
