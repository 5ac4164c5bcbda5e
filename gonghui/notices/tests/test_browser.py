"""The member's 公示 pages on a 375 px phone (Debian's Chromium through Playwright): the running notice on the home
banner, its page with the entries and the objection form, and the receipt page after an anonymous objection —
nothing scrolls sideways."""

import os

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.notices.models import Objection
from gonghui.notices.permissions import OFFICER_ROLE
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

# the browser settings of tests/browser (Debian's Chromium, headless, CSP watch, one request at a time)
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.screens import assert_fits_width

from .factories import make_notice

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
PHONE = "13912340161"
WIDTH, HEIGHT = 375, 812
MOBILE: ViewportSize = {"width": WIDTH, "height": HEIGHT}


@pytest.mark.django_db(transaction=True)
def test_a_member_reads_a_city_notice_and_objects_on_a_phone(live_server, page: Page):
    city = OrgFactory.create(
        code="NCTY", name="丙市教科文卫体工会", unit_name="丙市教育局", level=OrgLevel.CITY
    )
    union = OrgFactory.create(parent=city, code="NSCH", name="丙市第三中学工会", unit_name="丙市第三中学")
    officer = make_cadre("notice_city", city, role=OFFICER_ROLE)
    notice = make_notice(
        org=city, actor=officer, title="2026年度优秀工会积极分子推荐人选公示（一个很长的标题用来检查换行）"
    )
    make_member_user(PHONE, union, name="周会员")

    page.set_viewport_size(MOBILE)
    base = live_server.url
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    banner = page.get_by_role("link", name=notice.title)
    expect(banner).to_be_visible()
    assert_fits_width(page, WIDTH)

    banner.click()
    expect(page.locator("#notice-entries")).to_contain_text("王建华")
    assert_fits_width(page, WIDTH)

    page.get_by_label("针对的公示对象").select_option(label="李秀兰")
    page.get_by_label("异议内容").fill("该同志今年调离了原单位，请核实是否符合条件。")
    page.get_by_label("匿名提出（处理人看不到您的姓名）").check()
    page.get_by_label("联系方式（匿名时选填）").fill("13955556666")
    page.get_by_role("button", name="提交异议").click()

    objection = Objection.objects.get()
    expect(page.get_by_text(objection.number, exact=True)).to_be_visible()
    expect(page.locator("#objection-status")).to_have_text("待答复")
    assert_fits_width(page, WIDTH)
    assert objection.anonymous
    assert objection.entry is not None
    assert objection.entry.name == "李秀兰"
