"""The demo owner of the anonymous-response store, 职工满意度调查: a union asks its members (the union's subtree)
three questions, keeping 性别 and 用工性质 on the answers. The first module issue with surveys (问卷调查) or ballots
(民主管理) brings its own owners and kinds.

Seeded idempotently through the services: the demo member's own union has an open survey answered by twelve of its
other members (ten written, two still in the buffer), so the demo member can answer it at
/responses/union_climate/<union id>/; a second union's survey is answered by thirty members and closed, so its
results page shows tallies and breakdowns."""

import random
from typing import Any

from django.db import models

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import has_action
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from .choices import Attribute, QuestionKind
from .kinds import Question, ResponseKind, response_kinds
from .models import Participation
from .selectors import is_closed
from .services import response_submit, responses_close, responses_open

DEMO_KIND = "union_climate"
DEMO_MEMBER_PHONE = "13900000001"  # the member login the README gives
SATISFACTION = ("满意", "基本满意", "不满意")
WISHES = ("文体活动", "技能培训", "职工疗休养", "困难帮扶")
QUESTIONS = (
    Question("satisfaction", "您对本单位工会工作是否满意？", QuestionKind.SINGLE, SATISFACTION),
    Question("wishes", "您希望工会多开展哪些工作？（可多选）", QuestionKind.MULTIPLE, WISHES),
    Question("advice", "您对工会工作有什么意见和建议？", QuestionKind.TEXT, required=False),
)
ADVICE = ("希望多组织周末亲子活动", "食堂菜品可以更丰富", "建议增加心理健康讲座", "", "", "")


def _population(owner: Org) -> models.QuerySet[Member]:
    return Member.objects.filter(org__path__startswith=owner.path, status=MemberStatus.ACTIVE)


def _can_manage(user: Actor, owner: Org) -> bool:
    return has_action(user, "members.manage", owner)


def register_demo_kind() -> None:
    if DEMO_KIND not in response_kinds:
        response_kinds.register(
            DEMO_KIND,
            ResponseKind(
                key=DEMO_KIND,
                label="职工满意度调查",
                owner_model="orgs.org",
                population=_population,
                questions=lambda owner: QUESTIONS,
                can_manage=_can_manage,
                attributes=(Attribute.GENDER, Attribute.EMPLOYMENT),
                owner_label=lambda owner: f"{owner.name}职工满意度调查",
                order=90,
            ),
        )


def _answers(rng: random.Random) -> dict[str, Any]:
    wishes = [wish for wish in WISHES if rng.random() < 0.4] or [WISHES[0]]
    return {"satisfaction": rng.choice(SATISFACTION), "wishes": wishes, "advice": rng.choice(ADVICE)}


def _answer_by(owner: Org, count: int, *, skip: Member | None, rng: random.Random) -> int:
    if Participation.objects.filter(object_id=str(owner.pk), kind=DEMO_KIND).exists():
        return 0
    population = _population(owner) if skip is None else _population(owner).exclude(pk=skip.pk)
    members = list(population.order_by("pk")[:count])
    for member in members:
        response_submit(owner=owner, member=member, answers=_answers(rng))
    return len(members)


def seed_responses() -> str:
    rng = random.Random(15)
    member = Member.objects.filter(user__phone=DEMO_MEMBER_PHONE).select_related("org").first()
    if member is None:
        return "没有演示会员，跳过匿名答卷"
    responses_open(owner=member.org)
    open_made = _answer_by(member.org, 12, skip=member, rng=rng)
    other = (
        Org.objects.filter(level=OrgLevel.GRASSROOTS, status="active")
        .exclude(pk=member.org_id)
        .annotate(headcount=models.Count("members", filter=models.Q(members__status=MemberStatus.ACTIVE)))
        .filter(headcount__gte=40)
        .order_by("path")
        .first()
    )
    closed_made = 0
    if other is not None:
        closed_made = _answer_by(other, 30, skip=None, rng=rng)
        if not is_closed(other):
            responses_close(owner=other, actor=None)
    return (
        f"职工满意度调查（匿名）答卷 {open_made + closed_made} 份（{member.org.name}收集中，另一工会已结束）"
    )
