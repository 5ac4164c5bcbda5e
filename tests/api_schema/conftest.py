"""A small seeded world for the API checks: real objects behind every endpoint, and one account whose token
holds every scope.

The account `api_all` is 工会管理员 and 维权督办 of the city union (so it reaches every org and every case) and
also a member of org A with a card application in a batch (so `/members/me/card` answers a real card).
"""

from dataclasses import dataclass

import pytest

from conftest import World, make_cadre
from gonghui.accounts.api_tokens import API_SCOPES, api_token_create
from gonghui.accounts.models import User
from gonghui.accounts.roles import MEMBER
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.appeals.models import Appeal
from gonghui.appeals.tests.factories import make_appeal
from gonghui.contests.choices import ContestStatus, RoundStatus
from gonghui.contests.tests.factories import make_contest, make_contest_entry, make_contest_round, make_group
from gonghui.members.models import Member
from gonghui.members.services import card_apply, card_batch_add, card_batch_create
from gonghui.members.tests.factories import MemberFactory
from gonghui.news.tests.factories import make_article

OPENAPI = "/api/v1/openapi.json"


@dataclass
class ApiWorld:
    world: World
    user: User
    member: Member
    appeals: list[Appeal]
    secret: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}


@pytest.fixture
def api_world(world: World) -> ApiWorld:
    user = make_cadre("api_all", world.city)
    RoleGrantFactory.create(user=user, role="appeals_supervisor", org=world.city)
    RoleGrantFactory.create(user=user, role=MEMBER, org=world.org_a)
    member = MemberFactory.create(org=world.org_a, user=user, name="接口会员", phone="13700002222")
    application = card_apply(member=member, actor=user)
    batch = card_batch_create(org=world.org_a, actor=user)
    card_batch_add(batch=batch, applications=[application], actor=user)
    appeals = [
        make_appeal(world.member_a, title="甲校课时费", anonymous=True),
        make_appeal(member, title="绩效工资发放", code="wages"),
    ]
    # 竞赛: two running contests open to the member (the city's and org A's), one finished with final results
    for org, title in [(world.city, "全市教学技能竞赛"), (world.org_a, "甲校青年教师赛课")]:
        make_contest_round(contest=make_contest(org=org, actor=user, title=title))
    finished = make_contest(
        org=world.org_a, actor=user, status=ContestStatus.FINISHED, title="上年度技能竞赛"
    )
    final = make_contest_round(contest=finished, status=RoundStatus.FINAL)
    make_contest_entry(
        contest_round=final,
        group=make_group(contest=finished),
        entrant_org=world.org_a,
        members=[member],
        actor=user,
        rank=1,
        award="一等奖",
    )
    # 宣传: two published articles of the city (a paginated list needs two rows to show its paging)
    for title in ("全市教科文卫体工会召开宣传工作会议", "最美教师事迹报告会在市职工活动中心举行"):
        make_article(org=world.city, actor=user, title=title)
    _token, secret = api_token_create(user=user, name="接口检查", scopes=sorted(API_SCOPES))
    return ApiWorld(world=world, user=user, member=member, appeals=appeals, secret=secret)
