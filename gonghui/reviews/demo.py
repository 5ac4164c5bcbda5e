"""Demo 评审, made through the services as the platform administrator, idempotent step by step (a round of the same
title is not made again; a sheet already there is left alone):

- 2026年度职工优秀创新成果评审 at the city with the 职工创新成果评分表 (创新性 40, 实效性 60 with a required
  comment, a veto item) and its rules (ties: 实效性, then the median), one entry from each of the first grassroots
  unions, the demo judges (`*_pingwei`) as its judges, open for scoring. The first judges other than the city's
  have scored and submitted every entry they see; the last of them scores far below the others and is flagged as
  outlying on the results page. `shi_pingwei` still has the round to score.
- 2026年"模范职工之家"自评考评 (自评+考评) with the 模范职工之家评分表: three grassroots unions have submitted their
  self sheets (as their own `<code>_admin`), `shi_pingwei` assesses — two entries scored, one with a difference
  flagged on 组织建设, the third left for him to do."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.demo import DEMO_PASSWORD
from gonghui.accounts.models import ObjectGrant, User
from gonghui.accounts.object_grants import grantable_kinds
from gonghui.accounts.roles import JUDGE, PARTNER
from gonghui.accounts.services import outside_account_grant
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from .aggregation import OUTLIER_SHARE, TieRule
from .choices import RoundMode, SheetStatus, TieRuleKind
from .models import Judge, ReviewEntry, ReviewRound, ScoreSheet
from .object_grants import KIND, register_object_grants
from .selectors import entries_for_judge
from .services import (
    CriterionInput,
    ScoreInput,
    entry_add,
    judge_add,
    round_create,
    round_open,
    round_rules_set,
    self_sheet_save,
    self_sheet_submit,
    sheet_save,
    sheet_submit,
    template_create,
)

ROOT_CODE = "JZJKWT"
CITY_JUDGE = "shi_pingwei"
DEMO_OUTSIDE_ACCOUNTS = (
    # (name, phone, role)
    ("市教育局联络人", "13900090001", PARTNER),
    ("外部评审专家", "13900090002", JUDGE),
)
DEMO_USERNAMES = {"13900090001": "jyj_lianluo", "13900090002": "jyj_zhuanjia"}
DEMO_GRANT_DAYS = 90
OUTSIDE_JUDGE = "jyj_zhuanjia"  # 外部评审专家 of the 市教育局, an outside account (object grant on the round)
DEMO_TITLE = "2026年度职工优秀创新成果评审"
DEMO_CRITERIA = (
    CriterionInput(name="创新性", max_points=Decimal(40)),
    CriterionInput(name="实效性", max_points=Decimal(60), comment_required=True),
    CriterionInput(name="存在违纪违法或抄袭", is_veto=True),
)
DEMO_ENTRIES = ("“智慧课堂”教学改进法", "校园能耗监测小程序", "实验室安全巡检清单", "班主任工作手册数字化")
# (创新性, 实效性) per entry as the panel sees it; each judge a point or two apart, the outlying one far below
ENTRY_POINTS = ((34, 52), (30, 47), (26, 44), (36, 55))
PANEL_SCORERS = 5
OUTLIER_DROP = (12, 16)

SELF_TITLE = "2026年“模范职工之家”自评考评"
SELF_CRITERIA = (
    CriterionInput(name="组织建设", max_points=Decimal(30)),
    CriterionInput(name="民主管理", max_points=Decimal(30)),
    CriterionInput(name="服务职工", max_points=Decimal(40), comment_required=True),
)
SELF_UNITS = 3
# (self points, assessor points) per entry and criterion; the first entry's 组织建设 differs by 10 > 15 % of 30
SELF_POINTS = (
    ((28, 18), (26, 25), (36, 34)),
    ((24, 23), (25, 24), (33, 32)),
    ((27, 0), (27, 0), (35, 0)),
)
SELF_ASSESSED = 2


@transaction.atomic
def seed_reviews() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    actor = User.objects.filter(username="admin").first()
    if root is None or actor is None:
        return "没有市级工会或系统管理员，跳过评审"
    judges = list(User.objects.filter(username__endswith="_pingwei").order_by("username"))
    units = list(
        Org.objects.filter(path__startswith=root.path, level=OrgLevel.GRASSROOTS, status="active").order_by(
            "path"
        )[: max(len(DEMO_ENTRIES), SELF_UNITS)]
    )
    if not judges or not units:
        return "没有评委或基层工会，跳过评审"
    panel = ReviewRound.objects.filter(org=root, title=DEMO_TITLE).first() or _panel_round(
        root, actor, judges, units
    )
    panel_sheets = _panel_sheets(panel)
    assessor = next((u for u in judges if u.username == CITY_JUDGE), judges[0])
    self_round = ReviewRound.objects.filter(org=root, title=SELF_TITLE).first() or _self_round(
        root, actor, assessor, units[:SELF_UNITS]
    )
    self_made = _self_sheets(self_round, actor)
    return (
        f"评审 2 轮（{panel.entries.count()} 个参评对象、{panel.judges.count()} 位评委，"
        f"本次提交评分表 {panel_sheets} 份；自评考评 {self_round.entries.count()} 家，本次提交自评和考评 {self_made} 份）"
    )


def _panel_round(root: Org, actor: User, judges: list[User], units: list[Org]) -> ReviewRound:
    template = template_create(org=root, name="职工创新成果评分表", criteria=list(DEMO_CRITERIA), actor=actor)
    review_round = round_create(org=root, owner=root, template=template, title=DEMO_TITLE, actor=actor)
    for title, unit in zip(DEMO_ENTRIES, units, strict=False):
        entry_add(review_round=review_round, title=title, entrant_org=unit, unit=unit.unit_name, actor=actor)
    for user in judges:
        judge_add(review_round=review_round, user=user, actor=actor)
    seed_outside_accounts()  # granted on this very round, so only once it exists
    expert = User.objects.filter(username=OUTSIDE_JUDGE).first()
    if expert is not None:
        judge_add(review_round=review_round, user=expert, actor=actor, unit="焦作市教育局")
    round_rules_set(
        review_round=review_round,
        actor=actor,
        tie_rules=[TieRule(TieRuleKind.CRITERION, "实效性"), TieRule(TieRuleKind.MEDIAN)],
        outlier_share=OUTLIER_SHARE,
        group_weights={},
        gap_share=OUTLIER_SHARE,
    )
    return round_open(review_round=review_round, actor=actor)


def _panel_sheets(review_round: ReviewRound) -> int:
    """The first judges other than the city's score every entry they see (the last of them far below the others);
    a sheet already there is left alone. Returns how many sheets were submitted."""
    if not review_round.is_open:
        return 0
    scorers = list(
        Judge.objects.filter(round=review_round)
        .exclude(user__username=CITY_JUDGE)
        .select_related("user")
        .order_by("user__username")[:PANEL_SCORERS]
    )
    criteria = {c.name: c.pk for c in review_round.template.criteria.all()}
    entries = list(ReviewEntry.objects.filter(round=review_round).order_by("pk"))
    done = set(ScoreSheet.objects.filter(round=review_round).values_list("judge_id", "entry_id"))
    made = 0
    for position, judge in enumerate(scorers):
        outlying = position == len(scorers) - 1 and len(scorers) > 2
        for entry in entries_for_judge(judge).order_by("pk"):
            if (judge.pk, entry.pk) in done:
                continue
            innovation, effect = ENTRY_POINTS[entries.index(entry) % len(ENTRY_POINTS)]
            if outlying:
                innovation, effect = innovation - OUTLIER_DROP[0], effect - OUTLIER_DROP[1]
            else:
                innovation, effect = innovation + position % 3 - 1, effect - position % 2
            comment = "推广价值有限，成效数据不足。" if outlying else "已在本校推广，成效明显。"
            sheet = sheet_save(
                judge=judge,
                entry=entry,
                scores={
                    criteria["创新性"]: ScoreInput(innovation),
                    criteria["实效性"]: ScoreInput(effect, comment),
                    criteria["存在违纪违法或抄袭"]: ScoreInput(0),
                },
                actor=judge.user,
            )
            sheet_submit(sheet=sheet, actor=judge.user)
            made += 1
    return made


def _self_round(root: Org, actor: User, assessor: User, units: list[Org]) -> ReviewRound:
    template = template_create(org=root, name="模范职工之家评分表", criteria=list(SELF_CRITERIA), actor=actor)
    review_round = round_create(
        org=root, owner=root, template=template, title=SELF_TITLE, actor=actor, mode=RoundMode.SELF_ASSESSED
    )
    for unit in units:
        entry_add(
            review_round=review_round,
            title=f"{unit.name}“模范职工之家”创建",
            entrant_org=unit,
            unit=unit.unit_name,
            actor=actor,
        )
    judge_add(review_round=review_round, user=assessor, actor=actor)
    return round_open(review_round=review_round, actor=actor)


def _self_sheets(review_round: ReviewRound, actor: User) -> int:
    """Every entry's self sheet submitted by its union's own admin (else the platform administrator); the assessor
    scores the first entries. Returns how many sheets were submitted."""
    if not review_round.is_open:
        return 0
    criteria = [c.pk for c in review_round.template.criteria.order_by("order", "pk")]
    entries = list(
        ReviewEntry.objects.filter(round=review_round).select_related("entrant_org").order_by("pk")
    )
    assessor = Judge.objects.filter(round=review_round).select_related("user").first()
    made = 0
    for index, entry in enumerate(entries):
        points = SELF_POINTS[index % len(SELF_POINTS)]
        if not ScoreSheet.objects.filter(entry=entry, is_self=True, status=SheetStatus.SUBMITTED).exists():
            author = User.objects.filter(username=f"{entry.entrant_org.code.lower()}_admin").first() or actor
            sheet = self_sheet_save(
                entry=entry,
                actor=author,
                scores={
                    pk: (Decimal(own), f"对照标准逐项自查，得 {own} 分。")
                    for pk, (own, _assessed) in zip(criteria, points, strict=True)
                },
            )
            self_sheet_submit(sheet=sheet, actor=author)
            made += 1
        if (
            assessor is None
            or index >= SELF_ASSESSED
            or ScoreSheet.objects.filter(judge=assessor, entry=entry).exists()
        ):
            continue
        sheet = sheet_save(
            judge=assessor,
            entry=entry,
            scores={
                pk: ScoreInput(assessed, "现场查看台账和活动记录。")
                for pk, (_own, assessed) in zip(criteria, points, strict=True)
            },
            actor=assessor.user,
        )
        sheet_submit(sheet=sheet, actor=assessor.user)
        made += 1
    return made


@transaction.atomic
def seed_outside_accounts() -> str:
    """The demo round's outside accounts: 市教育局联络人 `jyj_lianluo` (合作单位联系人) and 外部评审专家
    `jyj_zhuanjia` (评委), granted by the platform administrator for 90 days, with the demo password. Idempotent."""
    register_object_grants()
    review_round = ReviewRound.objects.filter(title=DEMO_TITLE).select_related("org").first()
    actor = User.objects.filter(username="admin").first()
    if review_round is None or actor is None:
        return "没有演示评审或系统管理员，跳过外部账号"
    kind = grantable_kinds.get(KIND)
    expires_at = timezone.now() + dt.timedelta(days=DEMO_GRANT_DAYS)
    made = 0
    for name, phone, role in DEMO_OUTSIDE_ACCOUNTS:
        username = DEMO_USERNAMES[phone]
        if ObjectGrant.objects.filter(user__username=username, object_id=review_round.pk).exists():
            continue
        grant, _temporary = outside_account_grant(
            kind=kind, obj=review_round, name=name, phone=phone, role=role, expires_at=expires_at, actor=actor
        )
        user = grant.user
        user.username = username
        user.set_password(DEMO_PASSWORD)
        user.must_change_password = False
        user.save(update_fields=["username", "password", "must_change_password"])
        made += 1
    return f"外部账号 {len(DEMO_OUTSIDE_ACCOUNTS)} 个（本次新建 {made} 个），授权 {DEMO_GRANT_DAYS} 天"
