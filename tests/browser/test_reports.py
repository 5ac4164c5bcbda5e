"""报送 in the browser: a school's cadre finds the task in 待我报送, fills it in and submits; the city's
cadre sees the board change and drills down into the county (HTMX)."""

import os

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_cadre
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reports.apps import REPORT_OFFICER
from gonghui.reports.tests.factories import make_task

pytestmark = pytest.mark.browser


def _login(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base_url + "/")


@pytest.mark.django_db(transaction=True)
def test_school_submits_and_city_board_changes(page: Page, live_server):
    # given 市 → 甲县 → 实验小学 / 二小, and a task of the city to every grassroots union
    city = OrgFactory.create(
        code="RCITY", name="测试市教科文卫体工会", unit_name="测试市教育局", level=OrgLevel.CITY
    )
    county = OrgFactory.create(
        parent=city, code="RCX", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    school = OrgFactory.create(parent=county, code="RSCH", name="甲县实验小学工会", unit_name="甲县实验小学")
    OrgFactory.create(
        parent=Org.objects.get(pk=county.pk), code="RSCH2", name="甲县第二小学工会", unit_name="甲县二小"
    )
    city = Org.objects.get(pk=city.pk)
    city_cadre = make_cadre("r_city", city, role=REPORT_OFFICER)
    make_cadre("r_school", Org.objects.get(pk=school.pk), role=REPORT_OFFICER)
    make_task(
        org=city,
        actor=city_cadre,
        title="教职工人数统计",
        targets=[OrgTarget(kind=TargetKind.LEVEL, org_id=city.pk, level=OrgLevel.GRASSROOTS)],
    )
    page.on("dialog", lambda dialog: dialog.accept())
    # when the school's cadre answers
    _login(page, live_server.url, "r_school")
    page.locator("aside").get_by_role("link", name="待我报送").click()
    expect(page.locator("[data-count=pending]")).to_have_text("1")
    page.get_by_role("link", name="教职工人数统计").click()
    page.get_by_role("button", name="报送", exact=True).click()  # 教职工人数 is a number input: left empty
    expect(page.get_by_text("请填写“教职工人数”")).to_be_visible()
    page.get_by_label("教职工人数").fill("126")
    page.get_by_role("button", name="报送").click()
    expect(page.locator("[data-status]")).to_contain_text("已报送")
    # then the city's board shows it, and drills into the county
    page.context.clear_cookies()
    _login(page, live_server.url, "r_city")
    page.locator("aside").get_by_role("link", name="报送任务").click()
    page.get_by_role("link", name="教职工人数统计").click()
    totals = page.locator("[data-board-totals]")
    expect(totals).to_contain_text("2")
    page.get_by_role("link", name="甲县教育工会").click()
    row = page.get_by_role("row", name="甲县实验小学工会")
    expect(row).to_contain_text("已报送")
    expect(page.get_by_role("row", name="甲县第二小学工会")).to_contain_text("未报送")
    if os.environ.get("REPORTS_SCREENSHOT"):
        page.screenshot(path=os.environ["REPORTS_SCREENSHOT"], full_page=True)
