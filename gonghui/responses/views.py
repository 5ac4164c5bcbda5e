"""The store's pages for any registered kind: the member's answer page (portal) and the results page with 结束收集
(console). Owner apps may link to them, or reuse their parts: `responses/partials/answer_form.html` (the form with
its device-only draft) and `responses/partials/results.html` (counts and suppressed results)."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import AuthedRequest, console_view
from gonghui.core.audit import AuditContext
from gonghui.core.forms import button_perform, form_perform, posted_data
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member

from .forms import AnswerForm
from .kinds import ResponseKind, draft_key
from .permissions import can_answer, can_manage_responses
from .selectors import is_closed, owner_get, participation_of, results_for
from .services import response_submit, responses_close


@portal_view
def answer(request: AuthedRequest, kind: str, owner_id: str) -> HttpResponse:
    response_kind, owner = owner_get(kind, owner_id)
    member: Member = request.member  # type: ignore[attr-defined]
    if not can_answer(member, kind=response_kind, owner=owner):
        raise Http404
    participation = participation_of(owner=owner, member=member)
    closed = is_closed(owner)
    questions = list(response_kind.questions(owner))
    form = AnswerForm(
        posted_data(request) if participation is None and not closed else None, questions=questions
    )
    if participation is None and not closed:
        done = form_perform(
            request,
            form,
            lambda data: response_submit(owner=owner, member=member, answers=data),
            success="已提交，感谢您的参与",
            then=request.path,
        )
        if done is not None:
            return done
    return render(
        request,
        "responses/answer.html",
        {
            "kind": response_kind,
            "title": response_kind.owner_label(owner),
            "form": form,
            "participation": participation,
            "closed": closed,
            "draft_key": draft_key(response_kind, owner),
        },
    )


def _managed(request: AuthedRequest, kind: str, owner_id: str) -> tuple[ResponseKind, Any]:
    response_kind, owner = owner_get(kind, owner_id)
    if not can_manage_responses(request.user, kind=response_kind, owner=owner):
        raise Http404
    return response_kind, owner


@console_view()
def results(request: AuthedRequest, kind: str, owner_id: str) -> HttpResponse:
    response_kind, owner = _managed(request, kind, owner_id)
    return render(
        request,
        "responses/results.html",
        {
            "kind": response_kind,
            "owner_id": owner.pk,
            "title": response_kind.owner_label(owner),
            **results_for(owner=owner),
        },
    )


@require_POST
@console_view()
def close(request: AuthedRequest, kind: str, owner_id: str) -> HttpResponse:
    response_kind, owner = _managed(request, kind, owner_id)
    return button_perform(
        request,
        lambda: responses_close(owner=owner, actor=request.user, context=AuditContext.of(request)),
        success="已结束收集，结果已生成",
        back=reverse("responses:results", args=[response_kind.key, owner.pk]),
    )
