"""Builders for quiz tests: banks with hand-written questions (the file parser is tested on its own), activities
through the services, and cadres holding the quiz organiser role."""

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import make_cadre, make_member_user
from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.quizzes.models import Question, QuestionBank, QuizActivity
from gonghui.quizzes.permissions import ORGANISER_ROLE
from gonghui.quizzes.services import (
    ActivitySpec,
    activity_create,
    activity_publish,
    bank_create,
    question_create,
)


def grant_organiser(user: Any, org: Any) -> Any:
    RoleGrantFactory.create(user=user, role=ORGANISER_ROLE, org=org)
    forget_grants(user)
    return user


def make_organiser(username: str, org: Any) -> Any:
    return make_cadre(username, org, role=ORGANISER_ROLE)


def make_bank(
    org: Any, *, name: str = "测试题库", per_category: dict[str, int] | None = None, shared: bool = False
) -> QuestionBank:
    """A bank with `per_category` single-choice questions (answer A) plus one judge question per category."""
    bank = bank_create(org=org, name=name, actor=None, shared_with_subtree=shared)
    for category, count in (per_category if per_category is not None else {"劳动法": 6, "工会法": 3}).items():
        for n in range(count):
            question_create(
                bank=bank,
                actor=None,
                type="single",
                stem=f"{category}第{n + 1}题：下列说法正确的是？",
                options=["正确的说法", "错误的说法一", "错误的说法二", "错误的说法三"],
                answer="A",
                category=category,
                explanation="A 是正确的说法",
            )
    return bank


def make_activity(
    org: Any,
    bank: QuestionBank,
    *,
    publish: bool = True,
    rules: list[dict[str, Any]] | None = None,
    starts_at: dt.datetime | None = None,
    days: int = 7,
    **extra: Any,
) -> QuizActivity:
    start = starts_at or timezone.now() - dt.timedelta(hours=1)
    extra.setdefault("pass_mark", 30)  # the default paper: 5 questions × 10 points = 50
    extra.setdefault("excellent_mark", 40)
    spec = ActivitySpec(
        title=extra.pop("title", "工会法知识答题"),
        starts_at=start,
        ends_at=start + dt.timedelta(days=days),
        banks=[bank],
        draw_rules=rules or [{"category": "劳动法", "count": 4}, {"category": "工会法", "count": 1}],
        targets=extra.pop("targets", [OrgTarget(kind=TargetKind.SUBTREE, org_id=org.pk)]),
        **extra,
    )
    activity = activity_create(org=org, spec=spec, actor=None)
    if publish:
        activity = activity_publish(activity=activity, actor=None)
    return QuizActivity.objects.get(pk=activity.pk)


def right(question: Question) -> list[str]:
    return [question.answer] if question.type == "judge" else list(question.answer)


def wrong(question: Question) -> list[str]:
    if question.type == "judge":
        return ["false" if question.answer == "true" else "true"]
    return [
        next(
            chr(ord("A") + i)
            for i in range(len(question.options))
            if chr(ord("A") + i) not in question.answer
        )
    ]


def another_member(org: Any, phone: str, name: str) -> Any:
    return make_member_user(phone, org, name=name)
