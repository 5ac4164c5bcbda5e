"""工作要点 in the console: the city imports the seed plan (upload → preview → confirm), the county reports
progress on an item, and the city's board shows it."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_cadre
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.workplans.models import WorkPlan
from gonghui.workplans.tests.factories import grant_officer

pytestmark = pytest.mark.browser
SEED = (
    Path(__file__).resolve().parents[2] / "gonghui" / "workplans" / "demo_data" / "jiaozuo-2020-work-plan.txt"
)


def _login(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base_url + "/")


@pytest.mark.django_db(transaction=True)
def test_import_report_and_board(live_server, page: Page):
    # given
    city = OrgFactory.create(
        code="WCITY", name="测试市教科文卫体工会", unit_name="测试市教育局", level=OrgLevel.CITY
    )
    county = OrgFactory.create(
        parent=city, code="WCX", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    city = Org.objects.get(pk=city.pk)
    grant_officer(make_cadre("city_officer", city), city)
    grant_officer(make_cadre("county_officer", county), county)

    # when: the city uploads the seed and confirms the preview
    _login(page, live_server.url, "city_officer")
    page.goto(live_server.url + "/workplans/import/")
    page.get_by_label("工作要点文件").set_input_files(str(SEED))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("[data-counts]")).to_contain_text("5 个部分，22 个条目")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("heading", name="焦作市教科文卫体工会2020年工作要点")).to_be_visible()
    plan = WorkPlan.objects.get()

    # when: the county reports on item （七）
    page.context.clear_cookies()
    _login(page, live_server.url, "county_officer")
    page.goto(f"{live_server.url}/workplans/{plan.public_id}/")
    page.locator('[data-item="（七）"]').get_by_role("link", name="报告进展").click()
    page.get_by_label("进展状态").select_option(label="受阻")
    page.get_by_label("进展情况").fill("卫生系统技能竞赛推迟")
    page.get_by_role("button", name="保存").click()
    expect(page.locator('[data-report="甲县教育工会"]')).to_contain_text("卫生系统技能竞赛推迟")

    # then: the city's board shows the item as 受阻
    page.context.clear_cookies()
    _login(page, live_server.url, "city_officer")
    page.goto(f"{live_server.url}/workplans/{plan.public_id}/board/")
    expect(page.locator('tr[data-item="（七）"]')).to_have_attribute("data-status", "blocked")
    expect(page.locator('[data-total="blocked"]')).to_have_text("1")
