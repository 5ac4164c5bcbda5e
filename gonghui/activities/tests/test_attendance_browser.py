"""签到 in a browser (Debian's Chromium through Playwright): the organiser types a signed-up member's number on the
scanner page, sees the masked name, confirms and reads 签到成功 with the count; the member then reads the activity
on 我的活动签到 on a 375 px phone, nothing scrolling sideways, no Content-Security-Policy violation."""

import datetime as dt
import os

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.activities.tests.factories import make_activity
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.screens import assert_fits_width

from .factories_attendance import numbered, register

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
PHONE = "13912340321"
MOBILE: ViewportSize = {"width": 375, "height": 812}
SHOTS = os.environ.get("ATTENDANCE_SHOTS", "")


def _login(page: Page, base: str, path: str, username: str, landing: str) -> None:
    page.goto(base + path)
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + landing)


@pytest.mark.django_db(transaction=True)
def test_the_organiser_checks_a_member_in_by_number_and_the_member_sees_it(live_server, page: Page, browser):
    union = OrgFactory.create(code="ATTD", name="丁县实验小学工会", unit_name="丁县实验小学")
    admin = make_cadre("att_admin", union)
    _, member = make_member_user(PHONE, union, name="钱会员")
    numbered(member, "ATT0001")
    activity = make_activity(
        org=union,
        actor=admin,
        starts_in=dt.timedelta(minutes=30),
        title="2026年教职工气排球联谊赛（实验小学、第一中学、第二中学联队）",
    )
    register(activity, member)
    base = live_server.url
    _login(page, base, "/accounts/login/", "att_admin", "/")
    page.goto(f"{base}/activities/{activity.pk}/scan/")
    page.get_by_label("会员编号或会员卡号").fill("ATT0001")
    page.get_by_role("button", name="查找会员").click()
    expect(page.locator("[data-checkin-found]")).to_contain_text("钱*员")
    page.get_by_role("button", name="确认签到").click()
    expect(page.locator("[data-checkin-result=ok]")).to_contain_text("签到成功")
    expect(page.locator("#scan-attendance-link")).to_contain_text("已签到 1 人")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/scan.png", full_page=True)
    phone = browser.new_context(viewport=MOBILE).new_page()
    _login(phone, base, "/portal/login/", PHONE, "/portal/")
    phone.goto(base + "/portal/activities/attendance/")
    expect(phone.locator("[data-my-attendance]")).to_contain_text("气排球联谊赛")
    assert_fits_width(phone, 375)
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/mine.png", full_page=True)
