"""A secret ballot at the session in Debian's Chromium (issue 25: "a secret ballot option on the anonymous-response
store"). The session of the school's 教代会 is under way with five of six delegates checked in. The union's admin
(desktop) opens 教（职）代会 from the console menu, the congress, the session and 开始投票 on the secret motion. A
delegate on her phone (375 px) taps 民主管理 → the session under 会议, finds the ballot under 无记名投票, taps 赞成
and 提交投票 (asked to confirm): the receipt code shows and the form is gone. Three other delegates vote through the
service; the admin 结束投票并计票: 赞成 4 of the 6 delegates — 通过; back on the phone her line still shows 您已投票 with the
receipt and no form to vote twice. Everything after each
login page is reached by clicking; the portal pages fit 375 px and axe finds nothing serious on them. Screenshots go
to $CONGRESSES_SHOTS when set."""

import os

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre
from gonghui.congresses.choices import MotionStatus
from gonghui.congresses.models import Motion
from gonghui.congresses.services import sessions as services
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.responses.models import Participation
from tests.browser.axe import page_check
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

from .factories_sessions import motion, open_session

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
SHOTS = os.environ.get("CONGRESSES_SHOTS", "")
MOTION = "学校绩效工资分配方案"


def _fits(page: Page, name: str, base: str) -> None:
    assert_fits_width(page, WIDTH)
    result = page_check(page, name, base)
    assert result.failing() == [], f"{result.path}: {result.summary()}"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/congresses_session_{name}.png", full_page=True)


def _log_in(browser: Browser, base: str, login: str, username: str, home: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=MOBILE if login.startswith("/portal") else DESKTOP)
    page = context.new_page()
    page.goto(base + login)
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + home)
    return context, page


def _session_in_console(page: Page, title: str) -> None:
    page.locator('a[data-menu="congresses.congresses"]').first.click()
    page.get_by_role("link", name="第1届教职工代表大会").click()
    page.get_by_role("link", name=title).click()


@pytest.mark.django_db(transaction=True)
def test_a_delegate_votes_by_secret_ballot_on_her_phone_and_the_count_passes_it(
    live_server, browser: Browser
):
    union = OrgFactory.create(code="CBSE", name="测试市第十中学工会", unit_name="测试市第十中学")
    admin = make_cadre("cbs_admin", union)
    session, seats = open_session(org=union, actor=admin, delegates=6, present=5)
    secret = motion(session, admin, secret=True, title=MOTION)
    voter = seats[0].member
    base = live_server.url

    # the admin: 教（职）代会 → the congress → the session → 开始投票
    cadre_side, desk = _log_in(browser, base, "/accounts/login/", "cbs_admin", "/")
    _session_in_console(desk, session.title)
    desk.locator("tr", has_text=MOTION).get_by_role("link", name="开始投票").click()
    desk.get_by_role("button", name="开始投票").click()
    expect(desk.locator("body")).to_contain_text("无记名投票已开始")
    assert (
        read_when_the_server_is_done(lambda: Motion.objects.get(pk=secret.pk).status) == MotionStatus.VOTING
    )

    # the delegate: 民主管理 → 会议 → the session → 无记名投票: 赞成
    phone_side, page = _log_in(browser, base, "/portal/login/", voter.phone, "/portal/")
    page.locator("a.portal-tile[data-tile=congresses]").click()
    page.locator("#portal-sessions a", has_text=session.title).click()
    ballot = page.locator("#ballots")
    expect(ballot).to_contain_text(MOTION)
    expect(ballot).to_contain_text("工会也无法知道谁投了什么")
    _fits(page, "1_ballot", base)
    ballot.get_by_label("赞成", exact=True).check()
    page.once("dialog", lambda dialog: dialog.accept())  # 投票提交后不能修改，确定提交吗？
    ballot.get_by_role("button", name="提交投票").click()
    expect(page.locator("body")).to_contain_text("投票成功，回执码")
    participation = read_when_the_server_is_done(lambda: Participation.objects.get(member=voter))
    expect(page.locator("#ballots [data-receipt]")).to_have_text(participation.receipt_code)
    expect(ballot.get_by_role("button", name="提交投票")).to_have_count(0)
    _fits(page, "2_voted", base)

    # three more delegates vote; the admin closes the ballot and counts
    for seat in seats[1:4]:
        services.motion_vote(motion=secret, member=seat.member, choice="赞成")
    _session_in_console(desk, session.title)
    desk.locator("tr", has_text=MOTION).get_by_role("link", name="结束投票并计票").click()
    desk.get_by_role("button", name="结束投票").click()
    decided = read_when_the_server_is_done(lambda: Motion.objects.get(pk=secret.pk))
    assert (decided.status, decided.votes_for, decided.electorate, decided.passed) == (
        MotionStatus.DECIDED,
        4,
        6,
        True,
    )

    # back on the phone: still her receipt, no way to vote twice
    page.reload()
    expect(ballot).to_contain_text("✓ 您已投票")
    expect(ballot.get_by_role("button", name="提交投票")).to_have_count(0)
    _fits(page, "3_decided", base)
    phone_side.close()
    cadre_side.close()
