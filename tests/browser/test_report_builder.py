"""报送 form builder and org tree picker in the browser (issue 13 item 6). A county cadre builds an online task of
three fields — one of them checked against another (会员数 不大于 职工数) — adding and removing a row in place,
picks the one school through the picker's filter box and publishes; the school's cadre fills it in, gets
one-line and number inputs, and sees the cross-field error on the field it belongs to. axe finds no serious
problem on the builder page. Without JavaScript the builder's buttons submit the page and the picker is a plain
checkbox list, and a task is still built."""

import datetime as dt
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reports.models import ReportTask
from gonghui.reports.tests.factories import report_cadre
from tests.browser.axe import page_check
from tests.browser.test_accessibility import _signed_in

pytestmark = pytest.mark.browser


def _login(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base_url + "/")


def _row(page: Page, number: int):
    return page.locator("[data-builder-rows] > [data-builder-row]").nth(number - 1)


@pytest.mark.django_db(transaction=True)
def test_county_builds_a_task_and_the_school_meets_the_cross_check(page: Page, live_server):
    # given 市 → 甲县 → three schools; the county's and one school's 报送 cadres
    city = OrgFactory.create(
        code="BCITY", name="测试市教科文卫体工会", unit_name="测试市教育局", level=OrgLevel.CITY
    )
    county = OrgFactory.create(
        parent=city, code="BCX", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    school = OrgFactory.create(parent=county, code="BSCH", name="甲县实验小学工会", unit_name="甲县实验小学")
    for code, name in (("BSCH2", "甲县第二小学工会"), ("BMID", "甲县第一中学工会")):
        OrgFactory.create(parent=Org.objects.get(pk=county.pk), code=code, name=name, unit_name=name[:-2])
    report_cadre("b_county", Org.objects.get(pk=county.pk))
    report_cadre("b_school", Org.objects.get(pk=school.pk))
    page.on("dialog", lambda dialog: dialog.accept())
    base = live_server.url

    # when the county's cadre builds the task
    _login(page, base, "b_county")
    page.locator("aside").get_by_role("link", name="报送任务").click()
    page.get_by_role("link", name="新建报送任务").click()
    page.get_by_label("标题").fill("会员发展情况统计")
    page.get_by_label("截止日期").fill((timezone.localdate() + dt.timedelta(days=10)).isoformat())
    rows = page.locator("[data-builder-rows] > [data-builder-row]")
    expect(rows).to_have_count(3)
    _row(page, 1).get_by_label("名称").fill("职工数")
    _row(page, 1).get_by_label("类型").select_option(label="数字")
    _row(page, 1).get_by_label("必填").check()
    second = _row(page, 2)
    second.get_by_label("名称").fill("会员数")
    expect(second.get_by_label("数值检查（数字字段，可不设）")).to_be_hidden()  # only for number fields
    second.get_by_label("类型").select_option(label="数字")
    expect(second.get_by_label("比较的字段")).to_be_hidden()  # until a check is chosen
    second.get_by_label("数值检查（数字字段，可不设）").select_option(label="不大于")
    second.get_by_label("比较的字段").select_option(label="职工数")  # offered as soon as it was named
    _row(page, 3).get_by_label("名称").fill("联系人")
    # rows move in place, keeping what was typed and chosen
    _row(page, 3).get_by_role("button", name="上移").click()
    expect(_row(page, 2).get_by_label("名称")).to_have_value("联系人")
    expect(_row(page, 3).get_by_label("比较的字段")).to_have_value("职工数")
    _row(page, 2).get_by_role("button", name="下移").click()
    expect(_row(page, 3).get_by_label("名称")).to_have_value("联系人")
    # a fourth row is added and removed in place
    page.get_by_role("button", name="添加字段").click()
    expect(rows).to_have_count(4)
    expect(_row(page, 4).get_by_label("名称")).to_be_focused()
    expect(_row(page, 4).locator("legend")).to_have_text("第4个字段")
    _row(page, 4).get_by_role("button", name="删除").click()
    expect(rows).to_have_count(3)
    # the targets: filter the tree and tick the school; 报送对象 follows
    expect(page.get_by_label("层级（按层级选择时）")).to_be_hidden()
    page.get_by_label("指定组织（不含下级）").check()
    page.get_by_label("筛选组织").fill("实验")
    expect(page.get_by_label("甲县第二小学工会")).to_be_hidden()
    expect(page.get_by_label("甲县实验小学工会")).to_be_visible()
    page.get_by_label("甲县实验小学工会").check()
    expect(page.locator("[data-org-picker-status]")).to_contain_text("已选 1 个")
    if os.environ.get("REPORTS_SCREENSHOT"):
        page.screenshot(path=os.environ["REPORTS_SCREENSHOT"], full_page=True)
    result = page_check(page, "b_county", base)
    assert not result.failing(), result.summary()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("报送任务已保存为草稿")).to_be_visible()
    task = ReportTask.objects.get()
    assert [(f["label"], f["type"], f.get("max_field")) for f in task.fields] == [
        ("职工数", "number", None),
        ("会员数", "number", "f1"),
        ("联系人", "text", None),
    ]
    page.get_by_role("button", name="下发").click()
    expect(page.get_by_text("已下发").first).to_be_visible()
    assert task.submissions.get().org.code == "BSCH"

    # then the school's cadre fills it in and meets the check on 会员数
    page.context.clear_cookies()
    _login(page, base, "b_school")
    page.locator("aside").get_by_role("link", name="待我报送").click()
    page.get_by_role("link", name="会员发展情况统计").click()
    expect(page.get_by_label("联系人")).to_have_attribute("maxlength", "200")
    page.get_by_label("职工数（必填）").fill("120")
    page.get_by_label("会员数", exact=True).fill("130")
    page.get_by_label("联系人").fill("王老师")
    page.get_by_role("button", name="报送", exact=True).click()
    members = page.locator(".mb-3", has=page.get_by_label("会员数", exact=True))
    expect(members.locator(".invalid-feedback")).to_have_text("会员数不能大于职工数（120）")
    page.get_by_label("会员数", exact=True).fill("100")
    page.get_by_role("button", name="报送", exact=True).click()
    expect(page.locator("[data-status]")).to_contain_text("已报送")


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_builder_and_the_picker_still_work(browser: Browser, live_server):
    # given a county with two schools, and a browser that runs no script
    county = OrgFactory.create(code="NCX", name="乙县教育工会", unit_name="乙县教育局", level=OrgLevel.COUNTY)
    OrgFactory.create(parent=county, code="NSCH", name="乙县实验小学工会", unit_name="乙县实验小学")
    cadre = report_cadre("n_county", Org.objects.get(pk=county.pk))
    base = live_server.url
    page = _signed_in(browser, base, cadre, java_script_enabled=False).new_page()
    page.goto(base + reverse("reports:task_create"))
    # the filter box needs the script: it is not offered; the orgs are a plain list of checkboxes
    expect(page.get_by_label("筛选组织")).to_be_hidden()
    page.get_by_label("标题").fill("活动统计")
    page.get_by_label("截止日期").fill((timezone.localdate() + dt.timedelta(days=5)).isoformat())
    _row(page, 1).get_by_label("名称").fill("活动次数")
    _row(page, 1).get_by_label("类型").select_option(label="数字")
    # 添加字段 submits the page, which comes back with one more row and what was typed
    page.get_by_role("button", name="添加字段").click()
    expect(page.locator("[data-builder-rows] > [data-builder-row]")).to_have_count(4)
    expect(_row(page, 1).get_by_label("名称")).to_have_value("活动次数")
    expect(page.get_by_label("标题")).to_have_value("活动统计")
    expect(page.get_by_role("alert")).to_have_count(0)
    _row(page, 2).get_by_label("名称").fill("参加人数")
    _row(page, 2).get_by_label("类型").select_option(label="数字")
    page.get_by_label("指定组织（不含下级）").check()
    page.get_by_label("乙县实验小学工会").check()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("报送任务已保存为草稿")).to_be_visible()
    task = ReportTask.objects.get()
    assert [f["label"] for f in task.fields] == ["活动次数", "参加人数"]
    assert len(task.targets) == 1
