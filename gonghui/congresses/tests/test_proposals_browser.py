"""提案 on a phone (issue 25: "browser tests on a phone: submit → second → 立案 → reply → rate"), in Debian's Chromium
at 375 px. A delegate submits a proposal from 提案 → 提交提案 and gets its receipt; two other delegates find it under
待我附议 and second it (confirming the dialog), each seeing their own receipt; the union's office accepts, assigns and
replies (services); the proposer opens it under 我的提案, rates 满意 and it is 已办结. No page scrolls sideways and axe
finds nothing serious on the list, form and proposal pages."""

import os

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre
from gonghui.congresses.choices import ProposalStatus, ReplyType
from gonghui.congresses.models import Proposal, ProposalSecond
from gonghui.congresses.services import proposals as svc
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
TITLE = "关于延长图书馆晚间开放时间的提案"


def _fits(page: Page, name: str, base: str) -> None:
    assert_fits_width(page, WIDTH)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH
    result = page_check(page, name, base)
    assert result.failing() == [], f"{result.path}: {result.summary()}"


def _log_in(context: BrowserContext, base: str, phone: str) -> Page:
    page = context.new_page()
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(phone)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    return page


@pytest.mark.django_db(transaction=True)
def test_submit_second_accept_reply_rate_on_a_phone(live_server, browser: Browser):
    union = OrgFactory.create(code="KPROPB", name="测试市第五中学工会", unit_name="测试市第五中学")
    admin = make_cadre("kpropb_admin", union)
    setup = proposal_setup(org=union, actor=admin, delegates=3, start=800)
    proposer, *seconders = (d.member for d in setup.delegates)
    base = live_server.url

    # the proposer submits
    context = browser.new_context(viewport=MOBILE)
    page = _log_in(context, base, proposer.phone)
    page.goto(base + "/portal/congresses/proposals/")
    _fits(page, "proposals_list", base)
    page.get_by_role("link", name="提交提案").click()
    page.get_by_label("分类").select_option("logistics")
    page.get_by_label("案由").fill(TITLE)
    page.get_by_label("理由").fill("晚自习需求大，现闭馆过早。")
    page.get_by_label("建议措施").fill("开放至22点。")
    _fits(page, "proposal_form", base)
    page.get_by_role("button", name="提交").click()
    proposal = read_when_the_server_is_done(lambda: Proposal.objects.get(title=TITLE))
    expect(page.locator("#proposal-title")).to_have_text(TITLE)
    expect(page.locator("body")).to_contain_text(proposal.receipt_code)
    _fits(page, "proposal_seconding", base)
    context.close()

    # two delegates second it from 待我附议
    for member in seconders:
        context = browser.new_context(viewport=MOBILE)
        page = _log_in(context, base, member.phone)
        page.goto(base + "/portal/congresses/proposals/")
        page.get_by_role("link", name="待我附议").click()
        page.locator("#proposal-items a", has_text=TITLE).click()
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="我要附议").click()

        def seconded(member=member):
            return ProposalSecond.objects.get(proposal=proposal, delegate__member=member)

        second = read_when_the_server_is_done(seconded)
        expect(page.locator("body")).to_contain_text(second.receipt_code)
        context.close()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED

    # the office: 立案, 交办, 答复
    svc.proposal_review(proposal=proposal, actor=admin, decision=svc.REVIEW_ACCEPT)
    svc.proposal_assign(proposal=proposal, actor=admin, lead=setup.department)
    svc.proposal_reply(proposal=proposal, actor=admin, reply_type=ReplyType.SOLVED, content="已延长至22点。")

    # the proposer rates it 满意
    context = browser.new_context(viewport=MOBILE)
    page = _log_in(context, base, proposer.phone)
    page.goto(base + "/portal/congresses/proposals/")
    page.locator("#proposal-items a", has_text=TITLE).click()
    expect(page.locator("#proposal-replies")).to_contain_text("已延长至22点")
    _fits(page, "proposal_rate", base)
    page.get_by_text("满意", exact=True).click()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("#proposal-status")).to_have_text("已办结")
    assert (
        read_when_the_server_is_done(lambda: Proposal.objects.get(pk=proposal.pk).status)
        == ProposalStatus.CLOSED
    )
    context.close()
