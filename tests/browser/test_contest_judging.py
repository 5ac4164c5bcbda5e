"""A contest judge scores on a 375 px phone: an outside expert (an account outside the union tree with a 评委 object
grant on the contest and a judge row in the round's open reviews round) signs in, opens 我的评审 from
the menu, the round and the entry, fills the score sheet and submits it after the confirmation. The
sheet is stored as submitted (read from the database, polled), and no page scrolls sideways."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre
from gonghui.accounts.models import ObjectGrant
from gonghui.accounts.roles import JUDGE
from gonghui.accounts.tests.factories import UserFactory
from gonghui.contests.models import Contest
from gonghui.contests.services.judging import contest_judge_add, contest_judging_open, round_judging_start
from gonghui.contests.tests.factories import make_contest, make_contest_entry, make_contest_round, make_group
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reviews.choices import SheetStatus
from gonghui.reviews.models import ScoreSheet
from gonghui.reviews.services import CriterionInput, template_create
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}
TITLE = "“双减”背景下的小学语文作业设计（一个较长的参赛项目名称，用来检查手机上的换行）"


def _sheet_status(judge_id: int) -> str:
    sheet = ScoreSheet.objects.filter(judge_id=judge_id).first()
    return "" if sheet is None else str(sheet.status)


@pytest.mark.django_db(transaction=True)
def test_an_outside_expert_scores_a_contest_entry_on_a_phone(live_server, page: Page):
    # given a city contest whose first round is being scored, one entry of a school, and an outside expert
    city = OrgFactory.create(
        code="KCTY", name="戊市教科文卫体工会", unit_name="戊市教育局", level=OrgLevel.CITY
    )
    school = OrgFactory.create(parent=city, code="KSCH", name="戊市实验小学工会", unit_name="戊市实验小学")
    organiser = make_cadre("contest_city", city)
    contest = make_contest(org=city, actor=organiser, title="戊市小学语文教学技能竞赛")
    group = make_group(contest=contest)
    contest_round = make_contest_round(contest=contest, entry_deadline=timezone.now() - dt.timedelta(days=1))
    make_contest_entry(
        contest_round=contest_round,
        group=group,
        entrant_org=school,
        members=[MemberFactory.create(org=school, name="周老师")],
        actor=organiser,
        title=TITLE,
    )
    template = template_create(
        org=city,
        name="教学技能评分表",
        criteria=[
            CriterionInput(name="教学设计", max_points=Decimal(40)),
            CriterionInput(name="课堂表现", max_points=Decimal(60), comment_required=True),
        ],
        actor=organiser,
    )
    round_judging_start(contest_round=contest_round, template=template, blind_mode="open", actor=organiser)
    contest_round.refresh_from_db()
    expert = UserFactory.create(username="contest_expert", name="外聘专家")
    ObjectGrant.objects.create(
        user=expert,
        role=JUDGE,
        content_type=ContentType.objects.get_for_model(Contest),
        object_id=contest.pk,
        org=city,
        expires_at=timezone.now() + dt.timedelta(days=30),
        granted_by=organiser,
    )
    judge = contest_judge_add(contest_round=contest_round, user=expert, unit="戊市师范学院", actor=organiser)
    contest_judging_open(contest_round=contest_round, actor=organiser)

    # when the expert signs in on a phone
    page.set_viewport_size(MOBILE)
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("contest_expert")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/")
    assert_fits_width(page, WIDTH)

    # the menu leads to 我的评审 (an outside account has no union, so its home shows no 待评分 counter), then the
    # round and its entry
    page.get_by_role("button", name="展开菜单").click()
    page.get_by_role("link", name="我的评审").click()
    expect(page.locator("#judge-rounds")).to_contain_text("已提交 0 / 1")
    assert_fits_width(page, WIDTH)
    page.get_by_role("link", name=f"{contest.title}·{contest_round.name}").click()
    expect(page.locator("#judge-entries")).to_contain_text("戊市实验小学工会")
    assert_fits_width(page, WIDTH)
    page.locator("#judge-entries").get_by_role("link", name="评分", exact=True).click()
    expect(page.locator("#score-sheet")).to_be_visible()
    assert_fits_width(page, WIDTH)

    # the sheet: points for both criteria and the required comment, then 提交 after the confirmation
    page.get_by_label("教学设计").fill("36")
    page.get_by_label("课堂表现").fill("52.5")
    page.locator(".card", has_text="课堂表现").get_by_label("评语（必填）").fill(
        "作业分层设计合理，课堂反馈及时。"
    )
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#judge-entries")).to_contain_text("已提交")
    assert_fits_width(page, WIDTH)

    # then the sheet is stored as submitted
    status = ""
    for _ in range(50):
        status = read_when_the_server_is_done(lambda: _sheet_status(judge.pk))
        if status == SheetStatus.SUBMITTED:
            break
        time.sleep(0.1)
    assert status == SheetStatus.SUBMITTED
    sheet = ScoreSheet.objects.get(judge=judge)
    assert sorted((s.criterion.name, s.points) for s in sheet.scores.all()) == [
        ("教学设计", Decimal("36.00")),
        ("课堂表现", Decimal("52.50")),
    ]

    # and the submitted sheet reads back locked, on the phone too
    page.get_by_role("link", name="查看评分").click()
    expect(page.locator("#score-sheet")).to_have_count(0)
    assert_fits_width(page, WIDTH)
