"""Demo 评审: the city union's 2026年度职工优秀创新成果评审 with the 职工创新成果评分表 (创新性 40, 实效性 60 with a
required comment, a veto item), one entry from each of the first grassroots unions, the demo judges (`*_pingwei`)
as its judges, opened for scoring; the city's judge has scored and submitted the first entry they see. Made through
the services as the platform administrator; idempotent (an existing round of the same title is left alone)."""

from decimal import Decimal

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from .models import ReviewRound
from .selectors import entries_for_judge
from .services import (
    CriterionInput,
    ScoreInput,
    entry_add,
    judge_add,
    round_create,
    round_open,
    sheet_save,
    sheet_submit,
    template_create,
)

ROOT_CODE = "JZJKWT"
DEMO_TITLE = "2026年度职工优秀创新成果评审"
DEMO_CRITERIA = (
    CriterionInput(name="创新性", max_points=Decimal(40)),
    CriterionInput(name="实效性", max_points=Decimal(60), comment_required=True),
    CriterionInput(name="存在违纪违法或抄袭", is_veto=True),
)
DEMO_ENTRIES = ("“智慧课堂”教学改进法", "校园能耗监测小程序", "实验室安全巡检清单", "班主任工作手册数字化")


@transaction.atomic
def seed_reviews() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    actor = User.objects.filter(username="admin").first()
    if root is None or actor is None:
        return "没有市级工会或系统管理员，跳过评审"
    if ReviewRound.objects.filter(org=root, title=DEMO_TITLE).exists():
        return "评审已存在"
    judges = list(User.objects.filter(username__endswith="_pingwei").order_by("username"))
    units = list(
        Org.objects.filter(path__startswith=root.path, level=OrgLevel.GRASSROOTS, status="active").order_by(
            "path"
        )[: len(DEMO_ENTRIES)]
    )
    if not judges or not units:
        return "没有评委或基层工会，跳过评审"
    template = template_create(org=root, name="职工创新成果评分表", criteria=list(DEMO_CRITERIA), actor=actor)
    review_round = round_create(org=root, owner=root, template=template, title=DEMO_TITLE, actor=actor)
    for title, unit in zip(DEMO_ENTRIES, units, strict=False):
        entry_add(review_round=review_round, title=title, entrant_org=unit, unit=unit.unit_name, actor=actor)
    rows = [judge_add(review_round=review_round, user=user, actor=actor) for user in judges]
    round_open(review_round=review_round, actor=actor)
    first = rows[0]
    entry = entries_for_judge(first).first()
    if entry is None:
        return f"评审 1 轮（{len(rows)} 位评委，未评分）"
    criteria = {c.name: c.pk for c in template.criteria.all()}
    sheet = sheet_save(
        judge=first,
        entry=entry,
        scores={
            criteria["创新性"]: ScoreInput("34"),
            criteria["实效性"]: ScoreInput("52", "已在全校推广，节约课时明显。"),
            criteria["存在违纪违法或抄袭"]: ScoreInput("0"),
        },
        actor=first.user,
    )
    sheet_submit(sheet=sheet, actor=first.user)
    return f"评审 1 轮（{len(units)} 个参评对象，{len(rows)} 位评委，已提交 1 份评分表）"
