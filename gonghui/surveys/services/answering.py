"""Services of part answering: a member answers a survey.

- Anonymous: `answer_submit` checks the window and the population, applies the skip logic and checks the answers
  (`questions.answers_for_survey`), then hands them to the anonymous-response store (`response_submit`), which
  records the participation and buffers the answer in two separate transactions. It therefore runs in no
  transaction of its own, and writes no timeline, audit or log line: any of them would put the member (or a time)
  beside the answer. The draft stays on the member's device; the server never sees it.
- Named: `answer_save` keeps a 填写中 `SurveyResponse` (resumable on any device; required questions may still be
  empty); `answer_submit` checks everything and marks it 已提交 with a receipt code and the time, with a timeline
  row on the response."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core.locking import lock
from gonghui.core.timeline import timeline_record
from gonghui.members.models import Member
from gonghui.responses.services import receipt_code_new, response_submit

from ..choices import ResponseStatus
from ..models import Survey, SurveyResponse
from ..questions import answers_as_draft, answers_for_survey
from ..selectors.answering import (
    member_in_population,
    participation_of,
    questions_of,
    refusal_text,
    survey_accepts_answers,
)

RECEIPT_ATTEMPTS = 5


@dataclass(frozen=True)
class Receipt:
    """What the member keeps after submitting: the receipt code (for an anonymous survey it names the
    participation, never the answer) and the day."""

    code: str
    anonymous: bool


def _check_may_answer(survey: Survey, member: Member) -> None:
    if not member_in_population(survey, member):
        raise PermissionDenied("您不在本问卷的调查范围内")
    if not survey_accepts_answers(survey):
        raise ValidationError(refusal_text(survey))


def answer_submit(*, survey: Survey, member: Member, answers: dict[str, Any]) -> Receipt:
    """Submit the member's answers (the answer format of `questions.py`; hidden questions are dropped, required
    shown ones must be answered). Refused outside the window (ValidationError), outside the population
    (PermissionDenied), or a second time. Anonymous surveys: no transaction here (see the module docstring)."""
    _check_may_answer(survey, member)
    questions = questions_of(survey)
    cleaned = answers_for_survey(questions, answers)
    if survey.is_anonymous:
        if participation_of(survey, member) is not None:
            raise ValidationError("您已经提交过本问卷，每人只能提交一次")
        participation = response_submit(owner=survey, member=member, answers=cleaned)
        return Receipt(code=participation.receipt_code, anonymous=True)
    response = _named_submit(survey=survey, member=member, cleaned=cleaned)
    return Receipt(code=response.receipt_code, anonymous=False)


@transaction.atomic
def _named_submit(*, survey: Survey, member: Member, cleaned: dict[str, Any]) -> SurveyResponse:
    locked = lock(Survey, pk=survey.pk)  # a close waits for the submission, and the other way round
    if not survey_accepts_answers(locked):
        raise ValidationError(refusal_text(locked))
    response, _ = SurveyResponse.objects.get_or_create(survey=locked, member=member)
    response = lock(SurveyResponse, pk=response.pk)
    if response.status == ResponseStatus.SUBMITTED:
        raise ValidationError("您已经提交过本问卷，每人只能提交一次")
    for _attempt in range(RECEIPT_ATTEMPTS):
        response.receipt_code = receipt_code_new()
        if not SurveyResponse.objects.filter(receipt_code=response.receipt_code).exists():
            break
    from_state = response.get_status_display()
    response.answers = cleaned
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = timezone.now()
    try:
        with transaction.atomic():
            response.save(update_fields=["answers", "status", "submitted_at", "receipt_code", "updated_at"])
    except IntegrityError as exc:  # a receipt code taken a moment ago: the member may simply submit again
        raise ValidationError("提交未成功，请再试一次") from exc
    timeline_record(
        subject=response,
        actor=member.user,
        action=str(ResponseStatus.SUBMITTED),
        action_label="提交答卷",
        from_state=str(from_state),
        to_state=str(ResponseStatus.SUBMITTED.label),
    )
    return response


@transaction.atomic
def answer_save(*, survey: Survey, member: Member, answers: dict[str, Any]) -> SurveyResponse:
    """保存，稍后继续 (named surveys only): keep the answers so far as the member's 填写中 response."""
    if survey.is_anonymous:
        raise ValidationError("匿名问卷的草稿只保存在您的手机上，不会上传")
    _check_may_answer(survey, member)
    kept = answers_as_draft(questions_of(survey), answers)
    response, _ = SurveyResponse.objects.get_or_create(survey=survey, member=member)
    response = lock(SurveyResponse, pk=response.pk)
    if response.status == ResponseStatus.SUBMITTED:
        raise ValidationError("您已经提交过本问卷，不能再修改")
    response.answers = kept
    response.save(update_fields=["answers", "updated_at"])
    return response
