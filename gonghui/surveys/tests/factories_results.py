"""Surveys filled with answers, for the results' tests: anonymous through the store's own services
(`response_submit`, then `responses_close`), named by writing submitted `SurveyResponse` rows."""

import datetime as dt
from collections.abc import Sequence
from itertools import count
from typing import Any

from django.utils import timezone

from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.responses.services import receipt_code_new, response_submit, responses_close, responses_open
from gonghui.surveys.choices import ResponseStatus, SurveyMode, SurveyStatus
from gonghui.surveys.models import Survey, SurveyResponse
from gonghui.surveys.tests.factories import make_questions, make_survey

_numbers = count(1)


def make_members(org: Any, number: int, **fields: Any) -> list[Member]:
    """`number` members of `org` (no portal accounts), named 答卷人N."""
    members = []
    for _ in range(number):
        n = next(_numbers)
        members.append(MemberFactory.create(org=org, name=f"答卷人{n}", phone=f"135{n:08d}", **fields))
    return members


def answer(n: int, *, q1: str = "满意", text: str = "") -> dict[str, Any]:
    """A full answer to `make_questions`' five questions; q4 (text) only when q1 is 不满意 (skip logic)."""
    points = ("1", "2", "3", "4", "5")
    answers: dict[str, Any] = {
        "q1": q1,
        "q2": ["收入待遇", "身体健康"] if n % 2 else ["职称评聘"],
        "q3": points[n % 5],
        "q5.1": "满意",
        "q5.2": "一般" if n % 3 else "不满意",
        "q5.3": "满意",
    }
    if q1 == "不满意":
        answers["q4"] = text or f"意见{n:02d}"
    return answers


def answered_survey(
    *,
    org: Any,
    actor: Any,
    members: Sequence[Member],
    answers: Sequence[dict[str, Any]],
    mode: str = SurveyMode.ANONYMOUS,
    close: bool = True,
    **extra: Any,
) -> Survey:
    """A published survey of `org` with `make_questions`, answered by the first len(answers) of `members` (its
    population: the subtree's members). Anonymous: through the store, closed when `close`; named: submitted rows,
    status CLOSED when `close`."""
    survey = make_survey(
        org=org,
        actor=actor,
        mode=mode,
        status=SurveyStatus.OPEN,
        published_at=timezone.now() - dt.timedelta(days=1),
        **extra,
    )
    make_questions(survey)
    if mode == SurveyMode.ANONYMOUS:
        responses_open(owner=survey)
        for member, given in zip(members, answers, strict=False):
            response_submit(owner=survey, member=member, answers=given)
        if close:
            responses_close(owner=survey, actor=None)
    else:
        for member, given in zip(members, answers, strict=False):
            SurveyResponse.objects.create(
                survey=survey,
                member=member,
                answers=given,
                status=ResponseStatus.SUBMITTED,
                submitted_at=timezone.now(),
                receipt_code=receipt_code_new(),
            )
    if close:
        survey.status = SurveyStatus.CLOSED
        survey.closed_at = timezone.now()
        survey.save(update_fields=["status", "closed_at"])
    return survey
