"""我的会员码 on a 375 px phone (Debian's Chromium through Playwright): the phone's own script draws the QR code
(an image named 会员码) and the 8-digit code of the current 30-second step — the same as the server's TOTP — with a
countdown; nothing scrolls sideways and no Content-Security-Policy violation is reported."""

import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, make_member_user
from gonghui.checkins.codes import step_of, totp
from gonghui.checkins.selectors import member_code_secret_of
from gonghui.orgs.tests.factories import OrgFactory

# the browser settings of tests/browser (Debian's Chromium, headless, CSP watch, one request at a time)
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.screens import assert_fits_width

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
PHONE = "13912340201"
MOBILE: ViewportSize = {"width": 375, "height": 812}


@pytest.mark.django_db(transaction=True)
def test_the_phone_draws_the_current_member_code(live_server, page: Page):
    union = OrgFactory.create(code="CKIN", name="丁县实验小学工会", unit_name="丁县实验小学")
    _, member = make_member_user(PHONE, union, name="钱会员")
    base = live_server.url
    page.set_viewport_size(MOBILE)
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    page.goto(base + "/portal/member-code/")
    page.get_by_role("button", name="生成我的会员码").click()
    box = page.locator("[data-member-code]")
    expect(box).to_be_visible()
    expect(box.get_by_role("img", name="会员码")).to_be_visible()
    expect(box.locator("[data-member-code-countdown]")).to_have_text(re.compile(r"^\d{1,2} 秒后更新$"))
    # the code the script computed is the server's TOTP of the current (or, at a step's edge, the next) step
    shown = box.locator("[data-member-code-digits]").inner_text()
    secret = member_code_secret_of(member)
    assert secret is not None
    step = step_of(timezone.now())
    assert shown in {totp(secret, step), totp(secret, step - 1), totp(secret, step + 1)}
    # the script replaced the server's drawing by its own (qrcode-generator's scalable SVG)
    drawn = box.locator("[data-member-code-qr]").get_attribute("data-drawn-step")
    assert drawn is not None
    assert shown == totp(secret, int(drawn))
    assert box.locator("[data-member-code-qr] svg path").count() == 1
    assert_fits_width(page, 375)
