"""Issue 21 on a phone (375 px) and the organiser's desktop, links only after each login: the member opens 活动报名
from the portal home, signs up for a published 志愿服务 activity and reads the receipt; the organiser goes from the
console home through the menu's 活动 to the activity and its 扫码签到 page and checks the member in by typed member
number, then on the linked volunteer project's page generates the service records from the attendance (the
confirmation names the member and the hours) and publicises them; once the 7 days of 公示 are over (the scheduled
job, called here with a date a week ahead) the member's 我的 shows 志愿服务时长 and 我的志愿服务 lists the record.
Every phone page fits 375 px; no Content-Security-Policy violation."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.activities.choices import ActivityKind, ServiceRecordStatus
from gonghui.activities.models import ServiceRecord, VolunteerProject
from gonghui.activities.tests.factories import make_activity
from gonghui.activities.tests.factories_volunteers import make_project, make_team
from gonghui.notices.services import notices_close_due
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE = "13912340421"
NUMBER = "ZYF0001"
TITLE = "送教下乡·西村乡中心小学示范课"
SHOTS = os.environ.get("ACTIVITIES_PHONE_SHOTS", "")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/phone_{name}.png", full_page=True)


def _login(page: Page, base: str, path: str, username: str, landing: str) -> None:
    page.goto(base + path)
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + landing)


@pytest.mark.django_db(transaction=True)
def test_a_volunteer_signs_up_is_checked_in_and_sees_the_hours_on_the_phone(
    live_server, page: Page, browser: Browser
):
    # given a school union with its volunteer team, a project linked to a 志愿服务 activity starting in 30 minutes
    union = OrgFactory.create(code="PHVL", name="戊县第二中学工会", unit_name="戊县第二中学")
    admin = make_cadre("phone_vol_admin", union)
    _user, member = make_member_user(PHONE, union, name="孙会员")
    member.member_number = NUMBER
    member.save(update_fields=["member_number"])
    activity = make_activity(
        org=union,
        actor=admin,
        title=TITLE,
        kind=ActivityKind.VOLUNTEER,
        starts_in=dt.timedelta(minutes=30),
        hours=2,
        place="西村乡中心小学",
    )
    team = make_team(org=union, actor=admin, members=(member,), name="二中送教志愿服务队")
    project = make_project(team=team, actor=admin, title="2026年送教下乡·西村乡")
    VolunteerProject.objects.filter(pk=project.pk).update(activity=activity)
    base = live_server.url

    # when the member, on a phone, opens 活动报名 from the portal home and signs up
    page.set_viewport_size(MOBILE)
    _login(page, base, "/portal/login/", PHONE, "/portal/")
    page.locator('a[data-tile="activities.signup"]').click()
    card = page.locator("#activity-list [data-activity]").filter(has_text=TITLE)
    expect(card).to_contain_text("志愿服务")
    assert_fits_width(page, WIDTH)
    _shot(page, "list")
    card.click()
    expect(page.locator("#activity-view")).to_contain_text("西村乡中心小学")
    assert_fits_width(page, WIDTH)
    page.locator("#activity-signup-submit").click()

    # then the receipt names the activity, with the number and the state
    expect(page.locator("#receipt-status")).to_have_text("已报名")
    expect(page.locator("#receipt-number")).not_to_be_empty()
    expect(page.locator("#registration-receipt")).to_contain_text(TITLE)
    assert_fits_width(page, WIDTH)
    _shot(page, "receipt")

    # when the organiser, at a desktop, goes console home → 活动 → the activity → 扫码签到 and types the number
    desk = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    _login(desk, base, "/accounts/login/", "phone_vol_admin", "/")
    desk.get_by_role("navigation", name="功能菜单").get_by_role("link", name="活动", exact=True).click()
    desk.get_by_role("link", name=TITLE).first.click()
    desk.locator("#activity-attendance-panel").get_by_role("link", name="扫码签到").click()
    desk.get_by_label("会员编号或会员卡号").fill(NUMBER)
    desk.get_by_role("button", name="查找会员").click()
    expect(desk.locator("[data-checkin-found]")).to_contain_text("孙*员")
    desk.get_by_role("button", name="确认签到").click()
    expect(desk.locator("[data-checkin-result=ok]")).to_contain_text("签到成功")

    # and, from the activity page's 志愿服务项目 card, generates the records from the attendance and publicises them
    desk.locator(".breadcrumb").get_by_role("link", name=TITLE).click()
    desk.locator("#activity-volunteer-projects").get_by_role("link", name="2026年送教下乡·西村乡").click()
    desk.get_by_role("link", name="按活动签到生成服务记录").click()
    plan = desk.locator("#attendance-plan-table")
    expect(plan).to_contain_text("孙会员")
    expect(plan).to_contain_text("2.0")
    expect(plan).to_contain_text("活动时长（未签退）")
    if SHOTS:
        desk.screenshot(path=f"{SHOTS}/desk_generate.png", full_page=True)
    desk.get_by_role("button", name="确认生成1条服务记录").click()
    expect(desk.locator("#record-table")).to_contain_text("待公示")
    desk.get_by_role("link", name="公示待公示记录（1）").click()
    expect(desk.locator("#pending-table")).to_contain_text("孙会员")
    desk.get_by_role("button", name="确认发布公示").click()
    expect(desk.locator("#record-table")).to_contain_text("公示中")
    desk.context.close()

    # and a week later the 公示 has closed (the scheduled job, run with the date 7 days ahead)
    read_when_the_server_is_done(lambda: notices_close_due(today=timezone.localdate() + dt.timedelta(days=7)))
    record = read_when_the_server_is_done(lambda: ServiceRecord.objects.get(member=member))
    assert record.status == ServiceRecordStatus.COUNTED

    # then the member's 我的 lists 志愿服务时长 with the hours, and 我的志愿服务 the record
    page.get_by_role("link", name="我的", exact=True).click()
    figure = page.locator(".portal-row").filter(has_text="志愿服务时长")
    expect(figure).to_contain_text("本年已计入 2.0 小时")
    assert_fits_width(page, WIDTH)
    _shot(page, "me")
    figure.click()
    expect(page.locator("#hours-counted")).to_have_text("2.0")
    expect(page.locator("#my-records")).to_contain_text("2026年送教下乡·西村乡")
    expect(page.locator("#my-records")).to_contain_text("2.0 小时")
    assert_fits_width(page, WIDTH)
    _shot(page, "volunteer_mine")
