"""Issue 13 pages a person sees, clicked through from the console home: the 联合基层工会 and its 所覆盖单位
(and the 数据看板 未建会单位 card by state), 报送 暂存 kept across a reload, and the 工作要点 item page's 操作
menu opened and closed by keyboard. axe finds nothing serious on any page visited."""

import re

import pytest
from playwright.sync_api import Dialog, Page, expect

from conftest import PASSWORD, make_cadre
from gonghui.orgs.choices import FoundingAction, OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.services.founding import founding_register, founding_transition
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.reports.choices import SubmissionStatus
from gonghui.reports.models import ReportSubmission
from gonghui.reports.tests.factories import make_task, report_cadre
from gonghui.workplans.models import PlanItem
from gonghui.workplans.tests.factories import import_plan, make_officer
from tests.browser.axe import page_check

pytestmark = pytest.mark.browser


def _login(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base_url + "/")
    _clean(page, username, base_url)  # the console home


def _clean(page: Page, who: str, base_url: str) -> None:
    result = page_check(page, who, base_url)
    assert not result.failing(), result.summary()


def _county() -> Org:
    city = OrgFactory.create(
        code="JCITY", name="测试市教科文卫体工会", unit_name="测试市教育局", level=OrgLevel.CITY
    )
    county = OrgFactory.create(
        parent=city, code="JCX", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    return Org.objects.get(pk=county.pk)


@pytest.mark.django_db(transaction=True)
def test_a_county_makes_a_joint_union_and_keeps_its_covered_units(page: Page, live_server):
    # given a county with one grassroots union (no staff yet), and two units on its 建会 register (one applied)
    county = _county()
    OrgFactory.create(parent=county, code="JLH", name="甲县城关联合工会", unit_name="甲县城关镇小微学校")
    admin = make_cadre("j_county", county)
    for unit_name in ("甲县育才双语学校", "甲县启明幼儿园"):
        founding_register(org=county, actor=admin, data={"unit_name": unit_name, "headcount_contract": 20})
    founding = Org.objects.get(pk=county.pk).foundings.get(unit_name="甲县启明幼儿园")
    founding_transition(founding=founding, action=FoundingAction.APPLY, actor=admin)
    dialogs: list[str] = []

    def accept(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    base = live_server.url

    # when the county's admin opens the union from 组织架构 and marks it 联合基层工会
    _login(page, base, "j_county")
    page.locator("aside").get_by_role("link", name="组织架构").click()
    union_link = page.locator("#org-tree").get_by_role("link", name="甲县城关联合工会")
    expect(union_link).to_be_visible()
    _clean(page, "j_county", base)
    union_link.click()
    expect(page.locator("#covered-units")).to_have_count(0)  # not joint yet: no card
    _clean(page, "j_county", base)
    page.get_by_role("link", name="修改信息").click()
    _clean(page, "j_county", base)
    page.get_by_label("联合基层工会").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").first).to_contain_text("已保存")
    card = page.locator("#covered-units")
    expect(card.get_by_role("heading")).to_have_text("所覆盖单位（0）")
    _clean(page, "j_county", base)

    # and adds two units through the card
    for name, established, contract in (("甲县红星小学", "10", "5"), ("甲县希望小学", "3", "4")):
        card.get_by_role("link", name="添加所覆盖单位").click()
        page.get_by_label("单位名称").fill(name)
        page.get_by_label(re.compile("^在编职工数")).fill(established)
        page.get_by_label("非在编职工数").fill(contract)
        if name == "甲县红星小学":
            _clean(page, "j_county", base)
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_role("alert").first).to_contain_text(f"已添加所覆盖单位 {name}")
    expect(card.get_by_role("heading")).to_have_text("所覆盖单位（2）")
    expect(page.get_by_text("共 22 人（在编 13，非在编 9，劳务派遣 0）")).to_be_visible()

    # and removes one after the confirmation
    card.get_by_role("button", name="移除 甲县红星小学").click()
    expect(page.get_by_role("alert").first).to_contain_text("已移除所覆盖单位 甲县红星小学")
    assert dialogs == ["确定移除所覆盖单位“甲县红星小学”吗？移除后工会职工数相应减少。"]

    # then the union's headcount is the remaining unit's, on its page and on the 数据看板
    expect(card.get_by_role("heading")).to_have_text("所覆盖单位（1）")
    expect(card.locator("tbody tr")).to_have_count(1)
    expect(card.locator("tbody tr")).to_contain_text("甲县希望小学")
    expect(page.get_by_text("共 7 人（在编 3，非在编 4，劳务派遣 0）")).to_be_visible()
    expect(page.get_by_text("为所覆盖 1 个单位之和")).to_be_visible()
    _clean(page, "j_county", base)
    page.locator("aside").get_by_role("link", name="数据看板").click()
    row = page.locator("#dashboard-children tbody tr", has=page.get_by_role("link", name="甲县城关联合工会"))
    expect(row.locator("td").nth(1)).to_have_text("7")
    expect(page.locator("[data-figure=unfounded]")).to_have_text("2")
    expect(page.locator("#unfounded-by-status")).to_have_text("未建会 1 · 已申请 1")
    expect(page.locator("[data-figure=unfounded_not_founded]")).to_have_text("1")
    expect(page.locator("[data-figure=unfounded_applied]")).to_have_text("1")
    _clean(page, "j_county", base)


@pytest.mark.django_db(transaction=True)
def test_a_school_keeps_a_draft_across_a_reload_then_submits(page: Page, live_server):
    # given a county's form task to its one school, whose 报送 cadre has not started
    county = _county()
    school = OrgFactory.create(parent=county, code="JSCH", name="甲县实验小学工会", unit_name="甲县实验小学")
    task = make_task(org=county, actor=report_cadre("j_rep_county", county), title="教职工人数统计")
    report_cadre("j_rep_school", Org.objects.get(pk=school.pk))
    page.on("dialog", lambda dialog: dialog.accept())
    base = live_server.url

    # when the school's cadre opens the task from 待我报送, fills one field and presses 暂存
    _login(page, base, "j_rep_school")
    page.locator("aside").get_by_role("link", name="待我报送").click()
    _clean(page, "j_rep_school", base)
    page.get_by_role("link", name="教职工人数统计").click()
    _clean(page, "j_rep_school", base)
    page.get_by_label("说明").fill("先写一半")
    page.get_by_role("button", name="暂存").click()
    expect(page.get_by_text("已暂存，尚未报送")).to_be_visible()

    # then after a reload the value is on the form and the state is still 未报送
    page.reload()
    expect(page.get_by_label("说明")).to_have_value("先写一半")
    expect(page.locator("[data-status]")).to_have_text("未报送")
    expect(page.locator("[data-draft]")).to_contain_text("尚未报送")
    _clean(page, "j_rep_school", base)
    # and 待我报送 says 已暂存
    page.locator("aside").get_by_role("link", name="待我报送").click()
    expect(page.locator("tr", has_text="教职工人数统计")).to_contain_text("已暂存")
    _clean(page, "j_rep_school", base)

    # when it fills the required field and presses 报送
    page.get_by_role("link", name="教职工人数统计").click()
    page.get_by_label("教职工人数（必填）").fill("120")
    page.get_by_role("button", name="报送", exact=True).click()
    expect(page.locator("[data-status]")).to_contain_text("已报送")
    _clean(page, "j_rep_school", base)
    submission = ReportSubmission.objects.get(task=task)
    assert submission.status == SubmissionStatus.SUBMITTED
    assert (submission.data["f1"], submission.data["f3"], submission.draft) == (120, "先写一半", {})


@pytest.mark.django_db(transaction=True)
def test_the_item_page_gathers_its_actions_in_a_keyboard_menu(page: Page, live_server):
    # given a county's imported 工作要点 and its officer
    county = _county()
    officer = make_officer("j_officer", county)
    plan = import_plan(
        county, actor=officer, title="甲县教育工会2020年工作要点", doc_number="甲教工〔2020〕1号"
    )
    item = PlanItem.objects.get(section__plan=plan, number="（二）")
    base = live_server.url

    # when the officer opens item （二） from 工作要点
    _login(page, base, "j_officer")
    page.locator("aside").get_by_role("link", name="工作要点").click()
    _clean(page, "j_officer", base)
    page.get_by_role("link", name="甲县教育工会2020年工作要点").click()
    _clean(page, "j_officer", base)
    page.locator(f"a[href='/workplans/items/{item.pk}/']").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("条目 （二）")

    # then the actions are in one closed 操作 menu; none is a button outside it
    toggle = page.get_by_role("button", name="操作")
    menu = page.locator("[data-item-menu] .dropdown-menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    actions = ("修改", "分工", "新增具体工作", "拆分", "合并", "移动", "删除…")
    for name in actions:  # hidden links and buttons are not in the page's accessibility tree
        expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    _clean(page, "j_officer", base)

    # when the keyboard opens it (focus the toggle, Enter)
    toggle.focus()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    labels = [text.strip() for text in menu.locator(".dropdown-item").all_inner_texts()]
    assert labels == [
        "报告进展",
        "关联记录",
        "进展看板",
        "修改",
        "分工",
        "新增具体工作",
        "拆分",
        "合并",
        "移动",
        "删除…",
    ]
    for name in actions:  # each once, in the menu
        expect(page.get_by_role("link", name=name, exact=True)).to_have_count(1)
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    _clean(page, "j_officer", base)
    page.keyboard.press("ArrowDown")
    expect(menu.locator(".dropdown-item").first).to_be_focused()

    # then Esc closes it and gives the focus back to the toggle
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
