"""The portal login on a 375 px phone: a visitor finds 还不是会员？申请入会; a member logs in with an SMS code
(read from the console SMS outbox) and lands on the portal home; a cadre's phone gets the same answer but no
code. axe finds nothing serious or critical on either login page, and nothing scrolls sideways."""

import re
import time

import pytest
from django.conf import settings
from playwright.sync_api import Page, ViewportSize, expect

from conftest import make_member_user
from gonghui.accounts.roles import UNION_STAFF
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.core.channels import ConsoleSmsBackend
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.axe import page_check
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}
MEMBER_PHONE = "13566668888"
CADRE_PHONE = "13566669999"
SENT = "如果该手机号已开通会员端，验证码已发送"


def _last_code(page: Page, phone: str) -> str:
    """The code of the last SMS to `phone`, waiting for it: the page's status line reads the same for every phone,
    so it may already show the earlier request's answer while this one is still on its way."""
    texts: list[str] = []
    for _ in range(100):
        texts = [m.text for m in ConsoleSmsBackend.outbox if m.phone == phone]
        if texts:
            break
        page.wait_for_timeout(100)
    assert texts, f"no SMS to {phone}"
    found = re.search(r"验证码为 (\d{6})", texts[-1])
    assert found is not None
    return found.group(1)


def _axe_clean(page: Page, base: str) -> None:
    result = page_check(page, "anonymous", base)
    assert not result.failing(), result.summary()


@pytest.mark.django_db(transaction=True)
def test_a_member_logs_in_with_an_sms_code_on_a_phone(live_server, page: Page):
    ConsoleSmsBackend.outbox.clear()
    county = OrgFactory.create(
        code="SCTY", name="丁县教育工会", unit_name="丁县教育局", level=OrgLevel.COUNTY
    )
    union = OrgFactory.create(parent=county, code="SSCH", name="丁县实验小学工会", unit_name="丁县实验小学")
    make_member_user(MEMBER_PHONE, union, name="赵短信")
    cadre, _ = make_member_user(CADRE_PHONE, union, name="钱干事")
    RoleGrantFactory.create(user=cadre, role=UNION_STAFF, org=union)
    page.set_viewport_size(MOBILE)

    # a visitor opens the login page and sees the way to join
    page.goto(live_server.url + "/portal/login/")
    expect(page.get_by_role("heading", name="会员登录")).to_be_visible()
    join = page.get_by_role("link", name="还不是会员？申请入会")
    expect(join).to_be_visible()
    expect(join).to_have_attribute("href", "/members/join/")
    expect(page.get_by_label("记住我")).not_to_be_checked()
    assert_fits_width(page, WIDTH)
    _axe_clean(page, live_server.url)

    # the SMS way
    page.get_by_role("link", name="短信验证码登录").click()
    expect(page.get_by_role("link", name="短信验证码登录")).to_have_attribute("aria-current", "page")
    assert_fits_width(page, WIDTH)
    _axe_clean(page, live_server.url)

    # a cadre's phone gets the same answer, but no code
    page.get_by_label("手机号").fill(CADRE_PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#sms-code-status")).to_contain_text(SENT)
    assert not [m for m in ConsoleSmsBackend.outbox if m.phone == CADRE_PHONE]

    # the member asks for a code and logs in with it
    page.get_by_label("手机号").fill(MEMBER_PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#sms-code-status")).to_contain_text(SENT)
    assert_fits_width(page, WIDTH)
    page.get_by_label("短信验证码").fill(_last_code(page, MEMBER_PHONE))
    page.get_by_label("记住我").check()
    page.get_by_role("button", name="登录", exact=True).click()

    expect(page).to_have_url(live_server.url + "/portal/")
    expect(page.locator("h1")).to_have_text("丁县实验小学工会")
    assert_fits_width(page, WIDTH)
    session = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    assert session["expires"] - time.time() > 29 * 24 * 3600  # 记住我: 30 days
