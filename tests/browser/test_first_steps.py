"""The new chair's path (issue 13, item 1): a new grassroots union's chair signs in, sees the first-steps card on the
home page, and reaches the roster import through links only — from the card, and from the sidebar's 会员名册 and its
导入名册 — with no typed URL."""

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_cadre
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_new_chair_reaches_the_roster_import_through_links_only(live_server, page: Page):
    # given: a county union and a grassroots union just founded under it, with its chair
    county = OrgFactory.create(
        code="FSC", name="第一步测试县教育工会", unit_name="第一步测试县教育局", level=OrgLevel.COUNTY
    )
    school = OrgFactory.create(
        parent=county, code="FS01", name="第一步测试小学工会", unit_name="第一步测试小学"
    )
    make_cadre("first_chair", school)
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))

    # when: the chair signs in
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("first_chair")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/")

    # then: the home page shows the four first steps, none done yet
    card = page.locator("#first-steps")
    expect(card.get_by_role("heading", name="新建工会的第一步")).to_be_visible()
    expect(card.locator("[data-first-step]")).to_have_count(4)
    expect(card.locator("[data-first-step][data-done='0']")).to_have_count(4)
    expect(card).to_contain_text("已完成 0/4")
    for label in ("设置发文机关代字", "导入会员名册", "邀请会员开通会员端", "发布一次答题"):
        expect(card.get_by_role("link", name=label)).to_be_visible()

    # when: following the card's 导入会员名册
    card.get_by_role("link", name="导入会员名册").click()
    # then: the roster import page
    expect(page).to_have_url(live_server.url + "/data/imports/members/")
    expect(page.get_by_role("heading", name="会员名册导入")).to_be_visible()

    # when: the other way, through the sidebar's 会员名册 and the member list's 导入名册
    page.get_by_role("navigation", name="功能菜单").get_by_role("link", name="会员名册").click()
    expect(page).to_have_url(live_server.url + "/members/")
    page.get_by_role("link", name="导入名册").click()
    # then: the same import page, reached by links alone
    expect(page).to_have_url(live_server.url + "/data/imports/members/")
    expect(page.get_by_role("heading", name="会员名册导入")).to_be_visible()
    # one load for the login page, then one per click: login, the card's link, 会员名册, 导入名册
    assert len(loads) == 5, loads
