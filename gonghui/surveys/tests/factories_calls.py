"""课题申报 built through part calls' services: a published call, an application (saved, handed in), a review round
scored by one judge and closed, so a test (or the crawler) starts at the step it needs."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.roles import JUDGE
from gonghui.reviews.models import Criterion, ReviewEntry
from gonghui.reviews.services import (
    CriterionInput,
    ScoreInput,
    judge_add,
    round_close,
    round_open,
    sheet_save,
    sheet_submit,
    template_create,
)
from gonghui.surveys.models import ResearchCall, ResearchProject
from gonghui.surveys.services.calls import (
    ApplicationInput,
    CallInput,
    TeamMember,
    application_accept,
    application_create,
    application_submit,
    call_create,
    call_open,
    call_review_start,
)


def call_input(**extra: Any) -> CallInput:
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "year": today.year,
        "title": "工会理论调研课题申报",
        "guide": "围绕新时代教科文卫体系统职工思想状况开展调查研究。",
        "topics": ["新时代教职工思想状况研究", "基层工会建设研究"],
        "opens_on": today,
        "closes_on": today + dt.timedelta(days=30),
        "budget_cap": Decimal("20000"),
    }
    fields.update(extra)
    return CallInput(**fields)


def published_call(*, org: Any, actor: Any, **extra: Any) -> ResearchCall:
    call = call_create(org=org, data=call_input(**extra), actor=actor)
    return call_open(call=call, actor=actor)


def application_input(**extra: Any) -> ApplicationInput:
    fields: dict[str, Any] = {
        "title": "中小学教师职业倦怠调查研究",
        "topic": "新时代教职工思想状况研究",
        "leader_name": "王老师",
        "leader_title": "高级教师",
        "team": [TeamMember(name="李明", unit="甲县第一中学", role="问卷设计")],
        "plan": "问卷调查与访谈相结合，分三个阶段完成。",
        "expected_outputs": "调研报告一篇",
        "budget": Decimal("8000"),
    }
    fields.update(extra)
    return ApplicationInput(**fields)


def application(
    *, call: ResearchCall, org: Any, actor: Any, submit: bool = True, **extra: Any
) -> ResearchProject:
    project = application_create(call=call, org=org, data=application_input(**extra), actor=actor)
    return application_submit(project=project, actor=actor) if submit else project


def reviewed(
    *, call: ResearchCall, actor: Any, projects: list[ResearchProject], judge_name: str = "calls_judge"
) -> None:
    """Accept `projects`, run the call's review with one judge scoring each in turn (the first highest), close it."""
    for project in projects:
        application_accept(project=project, actor=actor)
    template = template_create(
        org=call.org,
        name="课题评审表",
        criteria=[
            CriterionInput(name="选题价值", max_points=Decimal(50)),
            CriterionInput(name="研究方案", max_points=Decimal(50)),
        ],
        actor=actor,
    )
    review_round = call_review_start(call=call, template=template, actor=actor)
    judge_user = make_cadre(judge_name, call.org, role=JUDGE)
    judge = judge_add(review_round=review_round, user=judge_user, actor=actor)
    round_open(review_round=review_round, actor=actor)
    criteria = list(Criterion.objects.filter(template=template).order_by("order"))
    entries = {e.owner_id: e for e in ReviewEntry.objects.filter(round=review_round)}
    for offset, project in enumerate(projects):
        points = 45 - offset * 5
        sheet = sheet_save(
            judge=judge,
            entry=entries[project.pk],
            scores={c.pk: ScoreInput(points=points) for c in criteria},
            actor=judge_user,
        )
        sheet_submit(sheet=sheet, actor=judge_user)
    round_close(review_round=review_round, actor=actor)
