"""法律服务 in a browser: a member asks a question on a 375 px phone, a 法律服务干事 answers and publishes it
anonymised, the member reads the answer, and another member finds it in the FAQ without the asker's name."""

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.legal.models import Consultation
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}


def _login(page: Page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.mark.django_db(transaction=True)
def test_member_asks_cadre_answers_and_publishes(live_server, browser):
    county = OrgFactory.create(
        code="LCTY", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    union = OrgFactory.create(parent=county, code="LSCH", name="甲县第三中学工会", unit_name="甲县第三中学")
    make_member_user("13912340001", union, name="王小红")
    make_member_user("13912340002", union, name="赵大明")
    make_cadre("legal_clerk", union, role="legal_handler")

    # the member asks on a phone
    phone = browser.new_context(viewport=MOBILE, locale="zh-CN").new_page()
    _login(phone, live_server.url + "/portal/login/?next=/legal/portal/", "13912340001")
    expect(phone).to_have_url(live_server.url + "/legal/portal/")
    phone.get_by_role("link", name="我要咨询").click()
    phone.get_by_label("咨询类别").select_option(label="工资报酬")
    phone.get_by_label("标题", exact=True).fill("王小红被拖欠工资")
    phone.get_by_label("问题", exact=True).fill("我在甲县第三中学食堂工作，被拖欠两个月工资怎么办")
    phone.get_by_label("同意解答后去除姓名、单位等信息，匿名公开到常见问题").check()
    assert_fits_width(phone, WIDTH)
    phone.get_by_role("button", name="提交咨询").click()
    expect(phone.locator("#consultation-status")).to_have_text("待解答")
    assert_fits_width(phone, WIDTH)
    consultation = Consultation.objects.get()

    # the cadre answers and publishes an anonymised copy
    desk = browser.new_context(locale="zh-CN").new_page()
    _login(desk, live_server.url + "/accounts/login/?next=/legal/consultations/", "legal_clerk")
    expect(desk).to_have_url(live_server.url + "/legal/consultations/")
    desk.get_by_role("link", name=consultation.number).click()
    desk.get_by_role("link", name="解答").click()
    desk.get_by_label("解答", exact=True).fill("可向劳动保障监察机构投诉，或申请劳动争议仲裁")
    desk.get_by_role("button", name="提交解答").click()
    expect(desk.locator("#consultation-status")).to_have_text("已解答")
    desk.get_by_role("link", name="公开到常见问题").click()
    desk.get_by_label("公开标题", exact=True).fill("被拖欠工资怎么办")
    desk.get_by_role("button", name="公开").click()
    expect(desk.locator(".invalid-feedback")).to_contain_text("含有可识别身份的信息")
    desk.get_by_label("公开的问题", exact=True).fill("某职工在学校食堂工作，被拖欠两个月工资怎么办")
    desk.get_by_role("button", name="公开").click()
    expect(desk.locator("#consultation-status")).to_have_text("已公开")

    # the member reads the answer; the legal-aid form also fits the phone
    phone.reload()
    expect(phone.locator("#answer")).to_contain_text("申请劳动争议仲裁")
    phone.goto(live_server.url + "/legal/portal/apply/")
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.locator(".invalid-feedback").first).to_be_visible()
    expect(phone.locator("body")).to_contain_text("请填写对方当事人")
    assert_fits_width(phone, WIDTH)

    # another member finds it in the FAQ, without the asker's name or unit
    other = browser.new_context(viewport=MOBILE, locale="zh-CN").new_page()
    _login(other, live_server.url + "/portal/login/?next=/legal/portal/faq/", "13912340002")
    expect(other).to_have_url(live_server.url + "/legal/portal/faq/")
    other.get_by_label("关键词").fill("拖欠")
    other.get_by_role("button", name="搜索").click()
    other.get_by_role("link", name="被拖欠工资怎么办").click()
    expect(other.locator("#faq-answer")).to_contain_text("申请劳动争议仲裁")
    body = other.locator("body")
    expect(body).not_to_contain_text("王小红")
    expect(body).not_to_contain_text("甲县第三中学")
    assert_fits_width(other, WIDTH)
