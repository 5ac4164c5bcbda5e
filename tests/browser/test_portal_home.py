"""The member portal home at 320, 375 and 414 px (issue 14 items 1, 2, 6 and 7): icons on every tile, tab and row,
hidden from screen readers; the tab bar marks the section of the page; sub-pages have a back arrow; 长辈版
measurably enlarges text and targets and persists; nothing scrolls sideways; axe finds nothing serious.
Screenshots of the home in both modes go to $ARTIFACTS_DIR (default test-artifacts/)."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Page, expect

from conftest import make_member_user
from gonghui.core.registry import PortalCard, PortalCardItem, portal_cards
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.axe import page_check
from tests.browser.screens import assert_fits_width

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", "test-artifacts"))

# Geometry and computed style of what the member taps and reads.
MEASURE_JS = """
() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.width, r.height]; };
  return {
    body: parseFloat(getComputedStyle(document.body).fontSize),
    lineHeight: parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize),
    tiles: Array.from(document.querySelectorAll("a.portal-tile")).map(box),
    tabs: Array.from(document.querySelectorAll(".portal-nav a")).map(box),
    rows: Array.from(document.querySelectorAll("a.portal-row")).map(box),
    buttons: Array.from(document.querySelectorAll(".portal-main .btn")).map(box),
  };
}
"""
# Every icon: an <svg> hidden from screen readers whose <use> drew something from the sprite.
ICONS_JS = """
() => Array.from(document.querySelectorAll("svg.portal-icon")).map((svg) => {
  const use = svg.querySelector("use");
  let drawn = 0;
  try { const b = use.getBBox(); drawn = b.width * b.height; } catch (e) { drawn = -1; }
  return {hidden: svg.getAttribute("aria-hidden"), href: use.getAttribute("href"), drawn: drawn};
})
"""


def _sign_in(page: Page, base: str, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def _route_exists(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def _current_tab(page: Page) -> list[str]:
    labels: list[str] = page.eval_on_selector_all(
        ".portal-nav a[aria-current='page']", "els => els.map(e => e.textContent.trim())"
    )
    return labels


def _check(page: Page, width: int, who: str, base: str) -> None:
    assert_fits_width(page, width)
    result = page_check(page, who, base)
    assert result.failing() == [], f"{result.path}: {result.summary()}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 375, 414])
def test_portal_home_icons_tabs_and_care_mode(live_server, page: Page, monkeypatch, width):
    # given a member with one 待办 and one running quiz registered by the test
    monkeypatch.setattr(portal_cards, "_items", {})
    portal_cards.register(
        "t.todo",
        PortalCard(
            key="t.todo",
            kind="todo",
            items=lambda user: [
                PortalCardItem(title="评价诉求回复", url="/portal/me/", detail="还剩 2 天", icon="scale")
            ],
        ),
    )
    portal_cards.register(
        "t.now",
        PortalCard(
            key="t.now",
            kind="now",
            items=lambda user: [
                PortalCardItem(title="安全生产知识竞赛进行中", url="/quizzes/portal/", icon="school")
            ],
        ),
    )
    county = OrgFactory.create(
        code="HCTY", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    union = OrgFactory.create(parent=county, code="HSCH", name="甲县第二中学工会", unit_name="甲县第二中学")
    user, _member = make_member_user("13912340000", union, name="王秀兰")
    base = live_server.url
    page.set_viewport_size({"width": width, "height": 800})
    _sign_in(page, base, user)

    # when the member opens the home
    page.goto(base + "/portal/")
    # then: the sections in order, every icon drawn and hidden from screen readers, 首页 current
    expect(page.get_by_role("heading", level=1)).to_have_text("甲县第二中学工会")
    sections = page.eval_on_selector_all("[data-section]", "els => els.map(e => e.dataset.section)")
    assert sections == ["todo", "now", "notice", "services"]
    expect(page.get_by_text("暂无通知公告")).to_be_visible()
    icons = page.evaluate(ICONS_JS)
    tiles = page.locator("a.portal-tile")
    assert tiles.count() >= 4
    assert len(icons) >= tiles.count() + 4
    assert all(i["hidden"] == "true" for i in icons), icons
    assert all(i["drawn"] > 0 for i in icons), [i for i in icons if i["drawn"] <= 0]
    for i in range(tiles.count()):
        tile = tiles.nth(i)
        label = tile.locator(".portal-tile-label").inner_text()
        expect(tile).to_have_accessible_name(label)  # read once: the icon adds nothing
        assert tile.locator("svg[aria-hidden='true']").count() == 1
    assert _current_tab(page) == ["首页"]
    standard = page.evaluate(MEASURE_JS)
    assert standard["body"] >= 16
    assert standard["lineHeight"] >= 1.3
    for w, h in standard["tiles"] + standard["tabs"] + standard["rows"] + standard["buttons"]:
        assert min(w, h) >= 44, standard
    assert page.locator(".portal-back").count() == 0
    _check(page, width, "member", base)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"portal-home-{width}.png"), full_page=True)

    # a page opened from a home tile belongs to 服务; it has a back arrow that returns to the home
    tiles.filter(has_text="我的会员卡").click()
    page.wait_for_url(base + "/members/cards/mine/")
    assert _current_tab(page) == ["服务"]
    back = page.get_by_role("link", name="返回")
    expect(back.locator("svg")).to_have_attribute("aria-hidden", "true")
    assert page.locator("h1").count() == 1
    _check(page, width, "member", base)
    back.click()
    page.wait_for_url(base + "/portal/")

    # 我的 is a hub; 修改密码 opened from it stays in 我的
    page.get_by_role("navigation", name="底部导航").get_by_role("link", name="我的").click()
    page.wait_for_url(base + "/portal/me/")
    assert _current_tab(page) == ["我的"]
    for label in (
        *(["我的办理"] if _route_exists("portal:requests") else []),
        "我的成绩",
        "我的证书",
        "会员卡",
        "修改密码",
    ):
        expect(page.locator("a.portal-row .portal-row-title").get_by_text(label, exact=True)).to_be_visible()
    _check(page, width, "member", base)
    page.screenshot(path=str(ARTIFACTS / f"portal-me-{width}.png"), full_page=True)
    page.get_by_role("link", name="修改密码").click()
    page.wait_for_url(base + "/accounts/password/")
    assert _current_tab(page) == ["我的"]
    page.go_back()

    # when the member switches to 长辈版 on the home
    page.goto(base + "/portal/")
    page.get_by_role("button", name="长辈版").click()
    page.wait_for_url(base + "/portal/")
    # then text and targets are measurably larger, the home keeps 待办 and the grid, and it survives a reload
    page.reload()
    expect(page.get_by_role("button", name="切换标准版")).to_be_visible()
    care = page.evaluate(MEASURE_JS)
    assert care["body"] >= 18
    assert care["lineHeight"] >= 1.3
    for w, h in care["tiles"] + care["tabs"] + care["rows"] + care["buttons"]:
        assert min(w, h) >= 60, care
    assert care["body"] > standard["body"]
    assert min(h for _, h in care["tiles"]) > min(h for _, h in standard["tiles"])
    sections = page.eval_on_selector_all("[data-section]", "els => els.map(e => e.dataset.section)")
    assert sections == ["todo", "services"]
    user.refresh_from_db()
    assert user.portal_care_mode is True
    _check(page, width, "member", base)
    page.screenshot(path=str(ARTIFACTS / f"portal-home-care-{width}.png"), full_page=True)

    # 长辈版 is switched off again in 我的
    page.goto(base + "/portal/me/")
    _check(page, width, "member", base)
    page.screenshot(path=str(ARTIFACTS / f"portal-me-care-{width}.png"), full_page=True)
    page.get_by_role("button", name="切换标准版").click()
    page.wait_for_url(base + "/portal/me/")
    page.reload()
    assert page.evaluate(MEASURE_JS)["body"] < 18
    user.refresh_from_db()
    assert user.portal_care_mode is False


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("care", [False, True])
def test_the_end_of_a_long_page_scrolls_clear_of_the_tab_bar(live_server, page: Page, care):
    # given a member on a page longer than the screen (the 信息更正 form), in either mode
    county = OrgFactory.create(code="TCTY", name="甲县教育工会", level=OrgLevel.COUNTY)
    school = OrgFactory.create(parent=county, code="TSCH", name="甲县第九中学工会")
    user, _member = make_member_user("13912349876", school, name="钱老师")
    user.portal_care_mode = care
    user.save(update_fields=["portal_care_mode"])
    page.set_viewport_size({"width": 375, "height": 640})
    _sign_in(page, live_server.url, user)
    page.goto(live_server.url + reverse("members:correction_mine"))

    # when it is scrolled to the very end
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")

    # then the last thing of the page sits above the fixed tab bar, so it can be read and tapped
    last = page.evaluate(
        "Math.max(...Array.from(document.querySelectorAll('main *')).map(e => e.getBoundingClientRect().bottom))"
    )
    bar = page.evaluate("document.querySelector('.portal-nav').getBoundingClientRect().top")
    assert last <= bar
