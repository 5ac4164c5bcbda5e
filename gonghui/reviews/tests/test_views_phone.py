"""A judge scores on a 375 px phone (Debian's Chromium through Playwright): 我的评审, the round's entries, the score
sheet — an error naming the criterion, then 提交 after the confirmation — and the locked sheet; nothing scrolls
sideways."""

import os

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre
from gonghui.accounts.roles import JUDGE, SYSADMIN
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reviews.choices import SheetStatus
from gonghui.reviews.models import ScoreSheet
from gonghui.reviews.services import round_open

# the browser settings of tests/browser (Debian's Chromium, headless, CSP watch, one request at a time)
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.screens import assert_fits_width

from .factories import make_entry, make_judge, make_round

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
WIDTH, HEIGHT = 375, 812
MOBILE: ViewportSize = {"width": WIDTH, "height": HEIGHT}


@pytest.mark.django_db(transaction=True)
def test_a_judge_scores_and_submits_on_a_phone(live_server, page: Page):
    city = OrgFactory.create(
        code="RCTY", name="丁市教科文卫体工会", unit_name="丁市教育局", level=OrgLevel.CITY
    )
    school = OrgFactory.create(parent=city, code="RSCH", name="丁市第二中学工会", unit_name="丁市第二中学")
    organiser = make_cadre("review_city", city, role=SYSADMIN)
    judge_user = make_cadre("review_pingwei", city, role=JUDGE)
    review_round = make_round(org=city, actor=organiser)
    entry = make_entry(
        review_round=review_round,
        entrant_org=school,
        actor=organiser,
        title="“双减”背景下作业设计的实践探索（一个很长的参评名称用来检查换行）",
    )
    judge = make_judge(review_round=review_round, user=judge_user, actor=organiser)
    round_open(review_round=review_round, actor=organiser)

    page.set_viewport_size(MOBILE)
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("review_pingwei")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/")
    page.goto(base + "/reviews/judging/")
    expect(page.locator("#judge-rounds")).to_contain_text("已提交 0 / 1")
    assert_fits_width(page, WIDTH)

    page.get_by_role("link", name=review_round.title).click()
    expect(page.locator("#judge-entries")).to_contain_text("丁市第二中学工会")
    assert_fits_width(page, WIDTH)

    page.get_by_role("link", name="评分").click()
    page.get_by_label("创新性").fill("45")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#error-summary")).to_contain_text("「创新性」的得分须在 0 到 40 分之间")
    assert_fits_width(page, WIDTH)

    page.get_by_label("创新性").fill("36")
    page.get_by_label("实效性").fill("52.5")
    page.locator(".card", has_text="实效性").get_by_label("评语（必填）").fill("已在全区推广，减负效果明显。")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#judge-entries")).to_contain_text("已提交")
    assert_fits_width(page, WIDTH)

    sheet = ScoreSheet.objects.get(judge=judge, entry=entry)
    assert sheet.status == SheetStatus.SUBMITTED
    page.get_by_role("link", name="查看评分").click()
    expect(page.locator("#sheet-scores")).to_contain_text("52.5")
    expect(page.locator("#score-sheet")).to_have_count(0)
    assert_fits_width(page, WIDTH)
