"""The demo seed: one open round at the city with the `*_pingwei` judges; the city judge's first sheet is
submitted; a second run changes nothing; without a city union it skips."""

import pytest

from conftest import make_cadre, make_member_user
from gonghui.accounts.roles import JUDGE, SYSADMIN
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reviews.choices import RoundStatus, SheetStatus
from gonghui.reviews.demo import DEMO_TITLE, seed_reviews
from gonghui.reviews.models import ReviewRound, ScoreSheet

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_one_open_round_with_the_demo_judges_once() -> None:
    assert seed_reviews() == "没有市级工会或系统管理员，跳过评审"
    root = OrgFactory.create(code="JZJKWT", name="市教科文卫体工会", level=OrgLevel.CITY)
    first = OrgFactory.create(parent=root, name="第一中学工会", unit_name="第一中学")
    OrgFactory.create(parent=root, name="第二中学工会", unit_name="第二中学")
    make_cadre("admin", root, role=SYSADMIN)
    judge = make_cadre("shi_pingwei", root, role=JUDGE)
    member, _member = make_member_user("13700003333", first, name="一中评委")
    member.username = "t01_pingwei"
    member.save(update_fields=["username"])
    RoleGrantFactory.create(user=member, role=JUDGE, org=first)

    assert seed_reviews() == "评审 1 轮（2 个参评对象，2 位评委，已提交 1 份评分表）"
    review_round = ReviewRound.objects.get(title=DEMO_TITLE)
    assert review_round.status == RoundStatus.OPEN
    assert sorted(review_round.judges.values_list("user__username", flat=True)) == [
        "shi_pingwei",
        "t01_pingwei",
    ]
    sheet = ScoreSheet.objects.get()
    assert sheet.judge is not None
    assert (sheet.judge.user, sheet.status) == (judge, SheetStatus.SUBMITTED)
    assert seed_reviews() == "评审已存在"
    assert ReviewRound.objects.count() == 1
