"""网上维权 end to end: a member submits a case on a 375 px phone, a cadre accepts and replies on the desk, the
member reads the reply and rates it."""

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.appeals.models import Appeal
from gonghui.appeals.services import category_defaults_ensure
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

PHONE = "13912340001"
WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}


@pytest.mark.django_db(transaction=True)
def test_member_submits_cadre_replies_member_rates(live_server, page: Page, browser: Browser):
    # given a school union with a member and a 维权干事, and the default categories
    category_defaults_ensure()
    county = OrgFactory.create(
        code="ACTY", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    school = OrgFactory.create(parent=county, code="ASCH", name="甲县第三中学工会", unit_name="甲县第三中学")
    make_member_user(PHONE, school, name="王老师")
    make_cadre("wq_handler", school, role="appeals_handler")

    # when the member opens 网上维权 on the phone and submits a case
    page.set_viewport_size(MOBILE)
    page.goto(live_server.url + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/portal/")
    page.locator(".portal-tile", has_text="网上维权").click()
    page.get_by_role("link", name="我要反映诉求").click()
    expect(page.get_by_label("诉求类别")).to_be_visible()
    assert_fits_width(page, WIDTH)
    page.get_by_label("诉求类别").select_option(label="工资待遇")
    page.get_by_label("标题").fill("三个月未发课时费")
    page.get_by_label("诉求内容").fill("学校自九月起没有发放代课课时费，多次询问没有答复。")
    page.get_by_label("期望结果").fill("尽快补发")
    page.get_by_label("我已阅读并同意个人信息保护说明").check()
    page.get_by_role("button", name="提交诉求").click()

    # then the receipt shows the number, the handling union and the promised dates
    appeal = Appeal.objects.get()
    expect(page.locator("#appeal-number")).to_have_text(appeal.number)
    receipt = page.locator("#appeal-receipt")
    expect(receipt).to_contain_text("甲县第三中学工会")
    expect(receipt).to_contain_text(
        f"{appeal.reply_due.year}年{appeal.reply_due.month}月{appeal.reply_due.day}日前"
    )
    expect(page.locator("#appeal-status")).to_have_text("待受理")
    assert_fits_width(page, WIDTH)

    # when the cadre accepts and replies on the desk
    console = browser.new_context(locale="zh-CN")
    desk = console.new_page()
    desk.goto(live_server.url + "/accounts/login/")
    desk.get_by_label("用户名或手机号").fill("wq_handler")
    desk.get_by_label("密码").fill(PASSWORD)
    desk.get_by_role("button", name="登录").click()
    expect(desk).to_have_url(live_server.url + "/")
    desk.goto(live_server.url + "/appeals/?status=submitted")
    desk.get_by_role("link", name=appeal.number).click()
    expect(desk.locator("#appeal-requester")).to_contain_text("王老师")
    desk.locator("#action-accept summary").click()
    desk.locator("#action-accept").get_by_role("button", name="受理").click()
    expect(desk.locator("#appeal-status")).to_have_text("已受理")
    desk.locator("#action-reply summary").click()
    desk.locator("#action-reply").get_by_label("内容").fill("已与学校财务核实，课时费将于本月底前补发。")
    desk.locator("#action-reply").get_by_role("button", name="答复申请人").click()
    expect(desk.locator("#appeal-status")).to_have_text("已答复")
    console.close()

    # then the member reads the reply on the phone and rates it
    page.reload()
    expect(page.locator("#appeal-status")).to_have_text("已答复")
    expect(page.locator("#appeal-replies")).to_contain_text("课时费将于本月底前补发")
    page.get_by_label("满意", exact=True).check()
    page.get_by_label("评价意见").fill("感谢工会")
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("#appeal-status")).to_have_text("已评价")
    expect(page.locator("#appeal-timeline")).to_contain_text("评价")
    assert_fits_width(page, WIDTH)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating, appeal.rating_comment) == ("rated", "satisfied", "感谢工会")
