"""Published surveys for the answering tests and the crawler: open now (or as asked), with the five questions of
`factories.make_questions`, the anonymous ones with their store collection opened as design's 发布 does."""

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.responses.services import responses_open
from gonghui.surveys.choices import SurveyMode, SurveyStatus
from gonghui.surveys.models import Survey
from gonghui.surveys.tests.factories import make_questions, make_survey


def make_open_survey(*, org: Any, actor: Any, mode: str = SurveyMode.ANONYMOUS, **extra: Any) -> Survey:
    """A 收集中 survey of `org` asking its subtree's members, open since an hour ago for 14 days."""
    now = timezone.now()
    survey = make_survey(
        org=org,
        actor=actor,
        mode=mode,
        status=extra.pop("status", SurveyStatus.OPEN),
        opens_at=extra.pop("opens_at", now - dt.timedelta(hours=1)),
        closes_at=extra.pop("closes_at", now + dt.timedelta(days=14)),
        published_at=extra.pop("published_at", now - dt.timedelta(hours=1)),
        **extra,
    )
    make_questions(survey)
    if mode == SurveyMode.ANONYMOUS and survey.status == SurveyStatus.OPEN:
        responses_open(owner=survey)
    return survey


def full_answer(**extra: Any) -> dict[str, Any]:
    """A complete POST of the five questions (q1 满意, so q4 stays hidden)."""
    data: dict[str, Any] = {
        "q1": "满意",
        "q2": ["收入待遇", "身体健康"],
        "q3": "4",
        "q5.1": "满意",
        "q5.2": "一般",
        "q5.3": "不满意",
        "intent": "submit",
    }
    data.update(extra)
    return data
