"""The outside lawyer's desk (我的案件): only what is assigned to the logged-in lawyer, whatever the union.
A case not assigned to them answers 404; without the 律师 role the desk answers 403."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gonghui.accounts.decorators import AuthedRequest
from gonghui.accounts.scoping import has_action_anywhere
from gonghui.attachments.selectors import attachments_of
from gonghui.core.forms import form_perform, posted_data
from gonghui.core.timeline import timeline_for

from ..choices import AidAction, ConsultationAction
from ..forms import AnswerForm, OutcomeForm
from ..permissions import VIEW_ASSIGNED
from ..selectors import (
    aid_review_state,
    assigned_application_get,
    assigned_applications,
    assigned_consultation_get,
    assigned_consultations,
)
from ..services import AID_WORKFLOW, CONSULTATION_WORKFLOW, aid_close, consultation_answer
from . import STATE_LABELS, STATUS_BADGES


def _require_lawyer(request: AuthedRequest) -> None:
    if not has_action_anywhere(request.user, VIEW_ASSIGNED):
        raise PermissionDenied


@login_required
def assigned_list(request: AuthedRequest) -> HttpResponse:
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
def assigned_consultation(request: AuthedRequest, public_id: Any) -> HttpResponse:
    consultation = assigned_consultation_get(user=request.user, public_id=public_id)
    _require_lawyer(request)
    pending = CONSULTATION_WORKFLOW.can(consultation, ConsultationAction.ANSWER, request.user)
    form = AnswerForm(posted_data(request) if pending else None)
    done = form_perform(
        request,
        form,
        lambda data: consultation_answer(
            consultation=consultation, answer=data["answer"], actor=request.user
        ),
        success="已解答，咨询人已收到通知",
        then=reverse("legal:assigned_consultation", args=[consultation.public_id]),
    )
    return done or render(
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
def assigned_application(request: AuthedRequest, public_id: Any) -> HttpResponse:
    application = assigned_application_get(user=request.user, public_id=public_id)
    _require_lawyer(request)
    open_case = AID_WORKFLOW.can(application, AidAction.CLOSE, request.user)
    form = OutcomeForm(posted_data(request) if open_case else None)
    done = form_perform(
        request,
        form,
        lambda data: aid_close(application=application, actor=request.user, **data),
        success="已登记办理结果并结案",
        then=reverse("legal:assigned_application", args=[application.public_id]),
    )
    return done or render(
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
