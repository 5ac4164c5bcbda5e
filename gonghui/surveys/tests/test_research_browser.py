"""课题申报 in a desktop browser (issue 24), Debian's Chromium at 1280 px. The school union's admin opens 课题申报 from
the console menu, the tab 可申报的通知 and the city's open call, 我要申报: fills the application (topic from the
call's topics, team one per line, plan, outputs, budget under the cap), saves it and 提交申报书. The city union's
admin opens the call from the same menu, 退回修改 with a note; the school reads the note in the 办理记录, adds to the
plan and submits again; the city 受理 it into review. Everything after the login is reached by clicking; axe finds
nothing serious on the call and application pages. Screenshots go to $SURVEYS_SHOTS when set."""

import os
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.surveys.choices import ProjectStatus
from gonghui.surveys.models import ResearchProject
from tests.browser.axe import page_check
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.live_db import read_when_the_server_is_done

from .factories import make_call

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
SHOTS = os.environ.get("SURVEYS_SHOTS", "")
CALL = "2026年度工会理论调研课题申报"
TITLE = "“双减”背景下中学教师工作负担调查研究"
RETURN_NOTE = "研究方案过于简略，请补充调查样本和进度安排"


def _check(page: Page, name: str, base: str) -> None:
    result = page_check(page, name, base)
    assert result.failing() == [], f"{result.path}: {result.summary()}"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/research_{name}.png", full_page=True)


def _log_in(context: BrowserContext, base: str, username: str) -> Page:
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/")
    return page


def _confirm(page: Page, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("load")


@pytest.mark.django_db(transaction=True)
def test_a_school_applies_to_the_city_call_is_returned_resubmits_and_is_accepted(
    live_server, browser: Browser
):
    city = OrgFactory.create(
        code="SVRC", name="测试市教科文卫体工会（课题）", unit_name="测试市教育局", level=OrgLevel.CITY
    )
    school = OrgFactory.create(
        parent=city, code="SVRS", name="测试市实验中学工会", unit_name="测试市实验中学"
    )
    city_admin = make_cadre("svr_city", city)
    make_cadre("svr_school", school)
    make_call(org=city, actor=city_admin, title=CALL, budget_cap=Decimal("8000"))
    base = live_server.url

    # the school: 课题申报 → 可申报的通知 → the call → 我要申报
    school_side = browser.new_context(viewport=DESKTOP)
    page = _log_in(school_side, base, "svr_school")
    page.locator('a[data-menu="surveys.calls"]').first.click()
    page.get_by_role("link", name="可申报的通知").click()
    page.get_by_role("link", name=CALL).click()
    expect(page.locator("body")).to_contain_text("8000.00 元")
    _check(page, "1_call_applicant", base)
    page.get_by_role("link", name="我要申报").click()
    page.get_by_label("课题名称").fill(TITLE)
    page.get_by_label("选题方向").select_option("新时代教职工思想状况研究")
    page.get_by_label("课题负责人", exact=True).fill("赵老师")
    page.get_by_label("课题组成员").fill("钱老师 测试市实验中学 问卷设计\n孙老师 测试市实验中学 数据分析")
    page.get_by_label("研究方案").fill("问卷调查与访谈相结合。")
    page.get_by_label("预期成果").fill("调研报告一篇")
    page.get_by_label("申请经费（元）").fill("6000")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("body")).to_contain_text("申报书已保存")
    _check(page, "2_application_draft", base)
    page.get_by_role("link", name="提交申报书").click()
    _confirm(page, "确认提交")
    expect(page.locator("body")).to_contain_text("申报书已提交")
    project = read_when_the_server_is_done(lambda: ResearchProject.objects.get(title=TITLE))
    assert (project.org_id, project.status, project.budget) == (
        school.pk,
        ProjectStatus.SUBMITTED,
        Decimal("6000"),
    )
    assert [row["name"] for row in project.team] == ["钱老师", "孙老师"]

    # the city: 课题申报 → its call → 退回修改 with a note
    city_side = browser.new_context(viewport=DESKTOP)
    city_page = _log_in(city_side, base, "svr_city")
    city_page.locator('a[data-menu="surveys.calls"]').first.click()
    city_page.get_by_role("link", name=CALL).click()
    row = city_page.locator("tr", has_text=TITLE)
    expect(row).to_contain_text("测试市实验中学工会")
    _check(city_page, "3_call_organiser", base)
    row.get_by_role("link", name="退回修改").click()
    city_page.get_by_label("意见").fill(RETURN_NOTE)
    _confirm(city_page, "确认退回")
    expect(city_page.locator("body")).to_contain_text("已退回修改")
    assert read_when_the_server_is_done(lambda: ResearchProject.objects.get(pk=project.pk).status) == (
        ProjectStatus.RETURNED
    )

    # the school: 我单位的申报 → 修改并提交, the note is in the 办理记录
    page.locator('a[data-menu="surveys.calls"]').first.click()
    page.get_by_role("link", name="我单位的申报").click()
    page.locator("tr", has_text=TITLE).get_by_role("link", name="修改并提交").click()
    expect(page.locator("body")).to_contain_text("申报书被退回修改")
    expect(page.locator("body")).to_contain_text(RETURN_NOTE)
    page.get_by_label("研究方案").fill(
        "面向全市 20 所中学 600 名教师问卷调查，选 6 所学校访谈；3 月至 9 月。"
    )
    page.get_by_role("button", name="保存").click()
    expect(page.locator("body")).to_contain_text("申报书已保存")
    page.get_by_role("link", name="提交申报书").click()
    _confirm(page, "确认提交")
    expect(page.locator("body")).to_contain_text("申报书已提交")

    # the city 受理: the application goes to review
    city_page.reload()
    city_page.locator("tr", has_text=TITLE).get_by_role("link", name="受理").click()
    _confirm(city_page, "确认受理")
    expect(city_page.locator("body")).to_contain_text("已受理，进入评审")
    project = read_when_the_server_is_done(lambda: ResearchProject.objects.get(pk=project.pk))
    assert project.status == ProjectStatus.REVIEWING
    assert project.plan.startswith("面向全市 20 所中学")
    _check(city_page, "4_call_accepted", base)
    school_side.close()
    city_side.close()
