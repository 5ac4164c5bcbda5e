"""Demo 网上答题: a shared bank of original union-knowledge questions (demo_questions.py) at the city union, one
activity open now with attempts from several units, one finished activity with its boards, and a little practice
history. Made through the services by the platform administrator, then moved back in time. Idempotent: a second
run adds nothing. Creates no users and no grants (organisers are the sysadmin until the built-in roles carry
`quizzes.*`)."""

import datetime as dt
import random

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.certificates.models import Certificate
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, TargetKind

from .certificates import QUIZ_KIND
from .choices import SubmitReason
from .demo_questions import DEMO_QUESTIONS
from .models import ActivityResult, Attempt, Question, QuizActivity
from .selectors import practice_questions
from .services import (
    ActivitySpec,
    activity_create,
    activity_publish,
    attempt_answer_save,
    attempt_start,
    attempt_submit,
    bank_create,
    practice_answer,
    question_create,
)

ROOT_CODE = "JZJKWT"
BANK_NAME = "工会法与劳动法知识题库（演示）"
OPEN_TITLE = "“尊法守法·携手筑梦”工会法律知识网上答题"
ENDED_TITLE = "庆“五一”劳动法律知识竞答"
RULES = [
    {"category": "劳动法", "count": 4},
    {"category": "工会法", "count": 4},
    {"category": "工会知识", "count": 2},
]


def _answer_for(question: Question, rng: random.Random, skill: float) -> list[str]:
    if rng.random() < skill:
        return [question.answer] if question.type == "judge" else list(question.answer)
    if question.type == "judge":
        return ["false" if question.answer == "true" else "true"]
    wrong = [
        chr(ord("A") + i) for i in range(len(question.options)) if chr(ord("A") + i) not in question.answer
    ]
    return [rng.choice(wrong)] if wrong else ["A"]


def _play(
    activity: QuizActivity,
    members: list[Member],
    rng: random.Random,
    *,
    rounds: int,
    skill: float | None = None,
) -> int:
    count = 0
    for member in members:
        member_skill = skill if skill is not None else 0.45 + 0.5 * rng.random()
        for _ in range(rng.randint(1, rounds)):
            now = timezone.now()
            attempt = attempt_start(activity=activity, member=member, now=now)
            questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
            answered = (
                attempt.question_ids if skill is not None or rng.random() > 0.1 else attempt.question_ids[:7]
            )
            for qid in answered:
                attempt_answer_save(
                    attempt=attempt,
                    question_id=qid,
                    chosen=_answer_for(questions[qid], rng, member_skill),
                    now=now,
                )
            used = dt.timedelta(seconds=rng.randint(90, 560))
            Attempt.objects.filter(pk=attempt.pk).update(
                started_at=F("started_at") - used, deadline_at=F("deadline_at") - used
            )
            attempt.refresh_from_db()
            attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL, now=now)
            count += 1
    return count


DEMO_MEMBER_PHONE = "13900000001"  # the member login the README gives


def _members(rng: random.Random, units: list[Org], per_unit: tuple[int, int]) -> list[Member]:
    chosen: list[Member] = []
    for unit in units:
        pool = list(
            Member.objects.filter(org__path__startswith=unit.path, status=MemberStatus.ACTIVE).order_by("id")[
                :200
            ]
        )
        take = min(len(pool), rng.randint(*per_unit))
        chosen.extend(rng.sample(pool, take))
    return chosen


def _spec(
    title: str, bank: object, *, days_before: int, days_after: int, root: Org, **extra: object
) -> ActivitySpec:
    now = timezone.now().replace(second=0, microsecond=0)
    return ActivitySpec(
        title=title,
        description="面向全市教科文卫体系统工会会员，普及工会法、劳动法和工会基本知识。",
        starts_at=now - dt.timedelta(days=days_before),
        ends_at=now + dt.timedelta(days=days_after),
        banks=[bank],  # type: ignore[list-item]
        draw_rules=RULES,
        targets=[OrgTarget(kind=TargetKind.SUBTREE, org_id=root.pk)],
        **extra,  # type: ignore[arg-type]
    )


def _publish_quietly(activity: QuizActivity, actor: User | None) -> None:
    """The demo does not fill 3,000 inboxes: the opening notice is marked as sent before publishing."""
    QuizActivity.objects.filter(pk=activity.pk).update(opened_notified_at=timezone.now())
    activity_publish(activity=activity, actor=actor)
    activity.refresh_from_db()


@transaction.atomic
def seed_quizzes() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    if root is None:
        return "没有市级工会，跳过网上答题"
    from .models import QuestionBank

    if QuestionBank.objects.filter(org=root, name=BANK_NAME).exists():
        return f"网上答题：已有演示题库和活动（活动 {QuizActivity.objects.count()} 个，答卷 {Attempt.objects.count()} 份）"
    actor = User.objects.filter(username="admin").first()
    bank = bank_create(
        org=root,
        name=BANK_NAME,
        actor=actor,
        shared_with_subtree=True,
        description="工会法、劳动法、工会知识原创题，供答题活动和会员练兵使用",
    )
    for qtype, category, stem, options, answer, explanation in DEMO_QUESTIONS:
        question_create(
            bank=bank,
            actor=actor,
            type=qtype,
            stem=stem,
            options=options,
            answer=answer,
            explanation=explanation,
            category=category,
            source="演示原创",
        )
    rng = random.Random(2020)
    grassroots = list(
        Org.objects.filter(path__startswith=root.path, level=OrgLevel.GRASSROOTS).order_by("path")
    )
    units = grassroots[:: max(1, len(grassroots) // 8)][:8]

    ended = activity_create(
        org=root,
        spec=_spec(
            ENDED_TITLE,
            bank,
            days_before=0,
            days_after=10,
            root=root,
            certificate_enabled=True,
            attempts_per_day=3,
        ),
        actor=actor,
    )
    QuizActivity.objects.filter(pk=ended.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    ended.refresh_from_db()
    _publish_quietly(ended, actor)
    players = [m for m in _members(rng, units, (15, 40)) if m.phone != DEMO_MEMBER_PHONE]
    ended_attempts = _play(ended, players, rng, rounds=3)
    # The README's demo member took part and passed, so 我的成绩 and 我的证书 have something to show.
    demo_member = Member.objects.filter(phone=DEMO_MEMBER_PHONE, status=MemberStatus.ACTIVE).first()
    if demo_member is not None:
        ended_attempts += _play(ended, [demo_member], rng, rounds=1, skill=1.0)
    shift = dt.timedelta(days=200)
    QuizActivity.objects.filter(pk=ended.pk).update(
        starts_at=F("starts_at") - shift, ends_at=F("starts_at") - shift + dt.timedelta(days=10)
    )
    Attempt.objects.filter(activity=ended).update(
        started_at=F("started_at") - shift,
        deadline_at=F("deadline_at") - shift,
        submitted_at=F("submitted_at") - shift,
        started_on=F("started_on") - shift,
    )

    current = activity_create(
        org=root,
        spec=_spec(
            OPEN_TITLE,
            bank,
            days_before=0,
            days_after=14,
            root=root,
            focus_budget=0,
            certificate_enabled=True,
        ),
        actor=actor,
    )
    QuizActivity.objects.filter(pk=current.pk).update(starts_at=timezone.now() - dt.timedelta(days=2))
    current.refresh_from_db()
    _publish_quietly(current, actor)
    open_attempts = _play(current, _members(rng, units[:6], (8, 25)), rng, rounds=2)

    practised = 0
    for member in _members(rng, units[:2], (3, 3)):
        for question in practice_questions(member).order_by("id")[:8]:
            practice_answer(member=member, question=question, chosen=_answer_for(question, rng, 0.6))
            practised += 1
    return (
        f"网上答题：题库 1 个（{len(DEMO_QUESTIONS)} 题），活动 2 个（进行中 1、已结束 1，"
        f"答卷 {open_attempts + ended_attempts} 份，成绩 {ActivityResult.objects.count()} 人，证书 {Certificate.objects.filter(kind=QUIZ_KIND).count()} 张），练兵 {practised} 题"
    )
