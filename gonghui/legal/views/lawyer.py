"""The outside lawyer's desk (我的案件): only what is assigned to the logged-in lawyer, whatever the union.
A case not assigned to them answers 404; without the 律师 role the desk answers 403."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.accounts.scoping import has_action_anywhere
from gonghui.attachments.selectors import attachments_of
from gonghui.core.forms import apply_validation_error, posted_data
from gonghui.core.timeline import timeline_for

from ..choices import AidStatus, ConsultationStatus
from ..forms import AnswerForm, OutcomeForm
from ..permissions import VIEW_ASSIGNED
from ..selectors import (
    aid_review_state,
    assigned_application_get,
    assigned_applications,
    assigned_consultation_get,
    assigned_consultations,
)
from ..services import aid_close, consultation_answer
from . import STATE_LABELS, STATUS_BADGES


def _require_lawyer(request: HttpRequest) -> None:
    if not has_action_anywhere(request.user, VIEW_ASSIGNED):
        raise PermissionDenied


@login_required
def assigned_list(request: HttpRequest) -> HttpResponse:
    _require_lawyer(request)
    return render(
        request,
        "legal/assigned_list.html",
        {
            "consultations": assigned_consultations(user=request.user)[:100],
            "applications": assigned_applications(user=request.user)[:100],
            "badges": STATUS_BADGES,
        },
    )


@login_required
def assigned_consultation(request: HttpRequest, public_id: Any) -> HttpResponse:
    consultation = assigned_consultation_get(user=request.user, public_id=public_id)
    _require_lawyer(request)
    pending = consultation.status == ConsultationStatus.PENDING
    form = AnswerForm(posted_data(request) if pending else None)
    if request.method == "POST" and pending and form.is_valid():
        try:
            consultation_answer(
                consultation=consultation, answer=form.cleaned_data["answer"], actor=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已解答，咨询人已收到通知")
            return redirect("legal:assigned_consultation", consultation.public_id)
    return render(
        request,
        "legal/assigned_consultation.html",
        {
            "consultation": consultation,
            "form": form if pending else None,
            "timeline": timeline_for(consultation),
            "state_labels": STATE_LABELS,
            "badges": STATUS_BADGES,
        },
    )


@login_required
def assigned_application(request: HttpRequest, public_id: Any) -> HttpResponse:
    application = assigned_application_get(user=request.user, public_id=public_id)
    _require_lawyer(request)
    open_case = application.status == AidStatus.APPROVED
    form = OutcomeForm(posted_data(request) if open_case else None)
    if request.method == "POST" and open_case and form.is_valid():
        try:
            aid_close(application=application, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已登记办理结果并结案")
            return redirect("legal:assigned_application", application.public_id)
    return render(
        request,
        "legal/assigned_application.html",
        {
            "application": application,
            "form": form if open_case else None,
            "attachments": attachments_of(application),
            "review_state": aid_review_state(application),
            "timeline": timeline_for(application),
            "state_labels": STATE_LABELS,
            "badges": STATUS_BADGES,
        },
    )
