"""Survey and research rows for tests, written straight to the tables so each part's tests stand alone; parts whose
services exist build on them in their own factories (tests/factories_<part>.py)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.surveys.choices import (
    CallStatus,
    ProjectStatus,
    SurveyMode,
    SurveyQuestionKind,
    SurveyStatus,
)
from gonghui.surveys.models import ResearchCall, ResearchProject, Survey, SurveyQuestion


def make_survey(*, org: Any, actor: Any, title: str = "2020年教职工思想状况调查", **extra: Any) -> Survey:
    """A draft anonymous survey of `org` asking its subtree's members (no questions: see make_question and
    make_questions), open for 14 days from now once published."""
    return Survey.objects.create(
        org=org,
        title=title,
        mode=extra.pop("mode", SurveyMode.ANONYMOUS),
        status=extra.pop("status", SurveyStatus.DRAFT),
        opens_at=extra.pop("opens_at", timezone.now()),
        closes_at=extra.pop("closes_at", timezone.now() + dt.timedelta(days=14)),
        created_by=actor,
        **extra,
    )


def make_question(*, survey: Survey, order: int, **extra: Any) -> SurveyQuestion:
    kind = extra.pop("kind", SurveyQuestionKind.SINGLE)
    defaults: dict[str, Any] = {"options": ["满意", "基本满意", "不满意"]}
    if kind == SurveyQuestionKind.MATRIX:
        defaults = {"options": ["满意", "一般", "不满意"], "rows": ["薪酬待遇", "工作环境", "职业发展"]}
    elif kind in (SurveyQuestionKind.SCALE, SurveyQuestionKind.TEXT):
        defaults = {"options": []}
    defaults.update(extra.pop("fields", {}))
    return SurveyQuestion.objects.create(
        survey=survey,
        order=order,
        key=extra.pop("key", f"q{order}"),
        kind=kind,
        text=extra.pop("text", f"第{order}题"),
        **defaults,
        **extra,
    )


def make_questions(survey: Survey) -> list[SurveyQuestion]:
    """Five questions, one of each kind, the fourth shown only when the first is 不满意 (skip logic)."""
    return [
        make_question(survey=survey, order=1, text="您对本单位工会工作是否满意？"),
        make_question(
            survey=survey,
            order=2,
            kind=SurveyQuestionKind.MULTIPLE,
            text="您最关心哪些问题？",
            fields={"options": ["收入待遇", "职称评聘", "子女教育", "身体健康"]},
        ),
        make_question(
            survey=survey,
            order=3,
            kind=SurveyQuestionKind.SCALE,
            text="您的工作压力有多大？",
            fields={"scale_labels": ["很小", "很大"]},
        ),
        make_question(
            survey=survey,
            order=4,
            kind=SurveyQuestionKind.TEXT,
            text="不满意的主要原因是什么？",
            show_if={"question": "q1", "options": ["不满意"]},
        ),
        make_question(survey=survey, order=5, kind=SurveyQuestionKind.MATRIX, text="您对以下方面的评价"),
    ]


def make_call(
    *, org: Any, actor: Any, title: str = "2020年度工会理论调研课题申报", **extra: Any
) -> ResearchCall:
    """An open call of `org` for this year, closing in 30 days, with two topics."""
    today = timezone.localdate()
    return ResearchCall.objects.create(
        org=org,
        year=extra.pop("year", today.year),
        title=title,
        topics=extra.pop("topics", ["新时代教职工思想状况研究", "基层工会建设研究"]),
        opens_on=extra.pop("opens_on", today),
        closes_on=extra.pop("closes_on", today + dt.timedelta(days=30)),
        status=extra.pop("status", CallStatus.OPEN),
        created_by=actor,
        **extra,
    )


def make_project(
    *, call: ResearchCall, org: Any, actor: Any, title: str = "中小学教师职业倦怠调查研究", **extra: Any
) -> ResearchProject:
    """A submitted application of `org` to `call`."""
    status = extra.pop("status", ProjectStatus.SUBMITTED)
    return ResearchProject.objects.create(
        call=call,
        org=org,
        title=title,
        topic=extra.pop("topic", call.topics[0] if call.topics else ""),
        leader_name=extra.pop("leader_name", "王老师"),
        team=extra.pop("team", [{"name": "李老师", "unit": "甲县第一中学", "role": "成员"}]),
        plan=extra.pop("plan", "问卷调查与访谈相结合。"),
        budget=extra.pop("budget", Decimal("5000")),
        status=status,
        submitted_at=timezone.now() if status != ProjectStatus.DRAFT else None,
        created_by=actor,
        **extra,
    )
