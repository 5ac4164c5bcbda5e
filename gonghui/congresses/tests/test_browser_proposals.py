"""The whole 提案 loop in Debian's Chromium (issue 25, "browser tests on a phone: submit → second → 立案 → reply →
rate"). A delegate of the school's 教代会 logs in on the portal at 375 px, taps 民主管理 → 提交提案 and submits one
matter (the receipt code shows, and waits in 消息 too); two other delegates second it on their phones — one from the 待办 card on the portal home, one through
民主管理 → 我的提案与附议 → 待我附议. The union's admin (desktop) opens 提案办理 from the console menu, 审查 → 立案,
交办 to 后勤处 (主办) and 总务处 (协办) with a deadline in working days, and 登记答复. The proposer taps 待评价 on her
home, rates 不满意 with a reason: the proposal goes to 重新办理; the admin records the second reply; she rates it
基本满意 and the proposal is 已办结. Everything after each login page is reached by clicking; no portal page scrolls
sideways and axe finds nothing serious on the portal pages. Screenshots go to $CONGRESSES_SHOTS when set."""

import os

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre
from gonghui.congresses.choices import ProposalStatus, ReplyType, Satisfaction
from gonghui.congresses.models import Proposal
from gonghui.congresses.tests.factories import make_department
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.axe import page_check
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.live_db import read_when_the_server_is_done
from tests.browser.screens import assert_fits_width

from .factories_proposals import proposal_setup

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
SHOTS = os.environ.get("CONGRESSES_SHOTS", "")
TITLE = "关于延长图书馆周末开放时间的提案"
UNSATISFIED_NOTE = "周末只开放半天，仍不能满足备课需要"


def _fits(page: Page, name: str, base: str) -> None:
    """The portal page fits the phone and axe finds nothing serious on it."""
    assert_fits_width(page, WIDTH)
    result = page_check(page, name, base)
    assert result.failing() == [], f"{result.path}: {result.summary()}"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/congresses_{name}.png", full_page=True)


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/congresses_{name}.png", full_page=True)


def _portal(browser: Browser, base: str, phone: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(phone)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    return context, page


def _console(browser: Browser, base: str, username: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/")
    return context, page


def _home(page: Page) -> None:
    page.locator(".portal-nav a[data-tab=home]").click()
    expect(page.locator("#portal-todo-title")).to_be_visible()


def _status(proposal: Proposal) -> str:
    return read_when_the_server_is_done(lambda: Proposal.objects.get(pk=proposal.pk).status)


def _open_from_console_menu(page: Page) -> None:
    page.locator('a[data-menu="congresses.proposals"]').first.click()
    page.locator("#proposal-table").get_by_role("link", name=TITLE).click()
    expect(page.locator("h1, .page-title").first).to_contain_text(TITLE)


def _reply(page: Page, reply_type: str, content: str) -> None:
    _open_from_console_menu(page)
    page.get_by_role("link", name="登记答复", exact=True).click()
    page.get_by_label(reply_type, exact=True).check()
    page.get_by_label("答复内容").fill(content)
    page.get_by_role("button", name="登记答复").click()
    expect(page.locator("body")).to_contain_text("答复已登记，已请提案人评价")


def _rate(page: Page, satisfaction: str, note: str = "") -> None:
    """From the portal home: 待办 → 待评价：<案由> → the rating form."""
    _home(page)
    page.locator("[data-section=todo] a", has_text=f"待评价：{TITLE}").click()
    expect(page.locator("#proposal-rate-title")).to_be_visible()
    page.get_by_label(satisfaction, exact=True).check()
    if note:
        page.get_by_label("评价意见").fill(note)


@pytest.mark.django_db(transaction=True)
def test_a_proposal_goes_round_the_whole_loop_on_phones_with_one_re_handling(live_server, browser: Browser):
    union = OrgFactory.create(code="CBPR", name="测试市第九中学工会", unit_name="测试市第九中学")
    admin = make_cadre("cbp_admin", union)
    setup = proposal_setup(org=union, actor=admin, delegates=3)
    make_department(org=union, name="总务处")
    proposer, first, second = setup.delegates
    base = live_server.url

    # the proposer: 民主管理 → 提交提案, one matter
    proposer_side, page = _portal(browser, base, proposer.member.phone)
    page.locator("a.portal-tile[data-tile=congresses]").click()
    expect(page.locator("#my-seats")).to_contain_text("正式代表")
    _fits(page, "1_portal_home", base)
    page.locator("#portal-links").get_by_role("link", name="提交提案").click()
    page.get_by_label("分类").select_option(label="后勤保障与校园环境")
    page.get_by_label("案由").fill(TITLE)
    page.get_by_label("理由").fill("图书馆周末不开放，教师周末备课查阅资料不便。")
    page.get_by_label("建议措施").fill("周六、周日9:00—17:00开放，安排值班人员。")
    _fits(page, "2_proposal_create", base)
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#proposal-status")).to_have_text("征集附议")
    proposal = read_when_the_server_is_done(lambda: Proposal.objects.get(title=TITLE))
    expect(page.locator("body")).to_contain_text(f"提交成功，回执编号 {proposal.receipt_code}")
    _fits(page, "3_proposal_submitted", base)
    # the receipt also waits in 消息
    page.locator(".portal-nav a[data-tab=inbox]").click()
    expect(page.locator("main")).to_contain_text(proposal.receipt_code)

    # the first seconder: 待办 on the portal home → 我要附议 (asked to confirm)
    first_side, other = _portal(browser, base, first.member.phone)
    other.locator("[data-section=todo] a", has_text=f"待附议：{TITLE}").click()
    expect(other.locator("#proposal-seconds-title")).to_have_text("附议（0/2）")
    _fits(other, "4_second", base)
    other.once("dialog", lambda dialog: dialog.accept())  # 确认附议该提案？附议后不能撤销
    other.get_by_role("button", name="我要附议").click()
    expect(other.locator("body")).to_contain_text("已附议，回执编号")
    expect(other.locator("#proposal-seconds-title")).to_have_text("附议（1/2）")
    first_side.close()

    # the second: 民主管理 → 我的提案与附议 → 待我附议 → the proposal → 我要附议
    second_side, other = _portal(browser, base, second.member.phone)
    other.locator("a.portal-tile[data-tile=congresses]").click()
    other.get_by_role("link", name="我的提案与附议").click()
    other.get_by_role("link", name="待我附议").click()
    _fits(other, "5_to_second_list", base)
    other.locator("#proposal-items a", has_text=TITLE).click()
    other.once("dialog", lambda dialog: dialog.accept())
    other.get_by_role("button", name="我要附议").click()
    expect(other.locator("#proposal-status")).to_have_text("待审查")
    assert _status(proposal) == ProposalStatus.SUBMITTED
    second_side.close()

    # the union's admin: 提案办理 → the proposal → 审查: 立案
    cadre_side, desk = _console(browser, base, "cbp_admin")
    _open_from_console_menu(desk)
    expect(desk.locator("body")).to_contain_text("代表2、代表3")
    desk.get_by_role("link", name="审查", exact=True).click()
    desk.get_by_label("立案（意见建议为受理）").check()
    desk.get_by_role("button", name="登记审查结论").click()
    expect(desk.locator("body")).to_contain_text("审查结论已登记")
    assert _status(proposal) == ProposalStatus.ACCEPTED
    # 交办: 主办 后勤处, 协办 总务处, 10 working days
    desk.get_by_role("link", name="交办", exact=True).click()
    desk.get_by_label("主办部门").select_option(label="后勤处")
    desk.get_by_label("总务处").check()
    desk.get_by_label("答复期限（工作日）").fill("10")
    _shot(desk, "6_console_assign")
    desk.get_by_role("button", name="确认交办").click()
    expect(desk.locator("body")).to_contain_text("已交办，答复期限已按工作日计算")
    assigned = read_when_the_server_is_done(lambda: Proposal.objects.get(pk=proposal.pk))
    assert assigned.status == ProposalStatus.HANDLING
    assert assigned.deadline_on is not None
    assert assigned.number
    _reply(desk, "列入计划解决", "下学期起周六开放图书馆。")
    assert _status(proposal) == ProposalStatus.REPLIED

    # the proposer: 待办 → 待评价 → 不满意 with a reason → 重新办理
    _rate(page, "不满意", UNSATISFIED_NOTE)
    expect(page.locator("#proposal-replies")).to_contain_text("下学期起周六开放图书馆。")
    expect(page.locator("#proposal-replies")).to_contain_text("后勤处")
    _fits(page, "7_rate", base)
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("body")).to_contain_text("已评价，提案将重新办理一次")
    expect(page.locator("#proposal-status")).to_have_text("重新办理中")
    assert _status(proposal) == ProposalStatus.REHANDLING

    # the admin records the second reply; its heading says so
    _open_from_console_menu(desk)
    expect(desk.locator("#proposal-replies")).to_contain_text(UNSATISFIED_NOTE)
    desk.get_by_role("link", name="登记答复", exact=True).click()
    expect(desk.locator("body")).to_contain_text("登记重新办理答复")
    _reply(desk, "已解决", "自本月起周六、周日全天开放图书馆。")
    _shot(desk, "8_console_detail_second_reply")

    # the proposer rates the second reply: 已办结
    _rate(page, "基本满意")
    expect(page.locator("#proposal-replies")).to_contain_text("重新办理答复")
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("body")).to_contain_text("已评价，提案已办结，感谢您的参与")
    expect(page.locator("#proposal-status")).to_have_text("已办结")
    _fits(page, "9_closed", base)
    closed = read_when_the_server_is_done(lambda: Proposal.objects.get(pk=proposal.pk))
    assert closed.status == ProposalStatus.CLOSED
    assert closed.closed_at is not None
    replies = list(closed.replies.order_by("round").values_list("round", "reply_type", "satisfaction"))
    assert replies == [
        (1, ReplyType.PLANNED, Satisfaction.UNSATISFIED),
        (2, ReplyType.SOLVED, Satisfaction.BASIC),
    ]
    assert set(closed.assignments.values_list("department__name", "role")) == {
        ("后勤处", "lead"),
        ("总务处", "assist"),
    }
    cadre_side.close()
    proposer_side.close()
