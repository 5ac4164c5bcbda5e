"""Portal (member) views of part answering (375 px first): 问卷 (the surveys that ask me: 待填写 / 已完成 / 已结束)
and a survey's page (intro, window, the anonymous or named notice, the questionnaire with live skip logic from
static/surveys/answering.js, 保存，稍后继续 for named surveys, the receipt once submitted).

An anonymous survey's page posts straight to the store through `services.answering.answer_submit` (which must run
outside any transaction: the view is not atomic). Its draft lives only in the browser (localStorage under the
store's `draft_key`), restored and cleared by the store's static/responses/draft.js."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from gonghui.accounts.decorators import AuthedRequest
from gonghui.core.forms import form_perform, posted_data
from gonghui.members.decorators import portal_view
from gonghui.members.models import Member
from gonghui.responses.kinds import draft_key, response_kinds

from ..choices import ResponseStatus, SurveyQuestionKind
from ..forms.answering import SurveyAnswerForm
from ..kind import KIND
from ..models import Survey
from ..questions import matrix_key
from ..selectors import answering as sel
from ..services import answering as svc


@portal_view
def home(request: AuthedRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    groups = sel.member_surveys(member)
    return render(request, "surveys/answering/portal_home.html", {"groups": groups})


def _perform(
    request: AuthedRequest, form: SurveyAnswerForm, survey: Survey, member: Member
) -> HttpResponse | None:
    if form.wants_save and not survey.is_anonymous:
        return form_perform(
            request,
            form,
            lambda data: svc.answer_save(survey=survey, member=member, answers=form.answers),
            success="已保存。您可以稍后在手机或电脑上继续填写，记得最后点“提交”",
            then=request.path,
        )
    return form_perform(
        request,
        form,
        lambda data: svc.answer_submit(survey=survey, member=member, answers=form.answers),
        success="提交成功，感谢您的参与",
        then=request.path,
    )


@portal_view
def answer(request: AuthedRequest, public_id: Any) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    survey = sel.survey_for_member(member, public_id)
    accepts = sel.survey_accepts_answers(survey)
    participation = sel.participation_of(survey, member)
    response = sel.named_response_of(survey, member)
    submitted = participation is not None or (
        response is not None and response.status == ResponseStatus.SUBMITTED
    )
    form = None
    if accepts and not submitted:
        questions = sel.questions_of(survey)
        form = SurveyAnswerForm(
            posted_data(request), questions=questions, answers=response.answers if response else None
        )
        try:
            done = _perform(request, form, survey, member)
        except PermissionDenied as exc:  # left the population since the page was opened
            raise Http404 from exc
        if done is not None:
            return done
    elif request.method == "POST":
        messages.error(request, "您已经提交过本问卷" if submitted else sel.refusal_text(survey))
        return redirect(request.path)
    context = {
        "survey": survey,
        "form": form,
        "blocks": form.blocks() if form is not None else [],
        "errors": form.error_list() if form is not None else [],
        "accepts": accepts,
        "not_yet": sel.survey_not_yet_open(survey),
        "submitted": submitted,
        "participation": participation,
        "response": response,
        "named_answers": _named_answers(survey, response) if submitted and response else [],
        "draft_key": draft_key(response_kinds.get(KIND), survey) if survey.is_anonymous else "",
    }
    return render(request, "surveys/answering/portal_answer.html", context)


def _named_answers(survey: Survey, response: Any) -> list[tuple[str, str]]:
    """The member's own submitted named answers as (question, answer) lines, for the receipt page."""
    lines: list[tuple[str, str]] = []
    for question in sel.questions_of(survey):
        title = f"{question.order}. {question.text}"
        if question.kind == SurveyQuestionKind.MATRIX:
            for number, row in enumerate(question.rows, start=1):
                value = response.answers.get(matrix_key(question, number))
                if value:
                    lines.append((f"{title}：{row}", str(value)))
            continue
        value = response.answers.get(question.key)
        if value:
            lines.append((title, "、".join(value) if isinstance(value, list) else str(value)))
    return lines
