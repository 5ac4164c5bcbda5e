"""新闻 on a phone (issue 23, "browser test on a phone: open a news item from the portal home"), in Debian's
Chromium at 375 px. A member of a school union logs in on the portal and finds the newest article (the city union's,
passed through 三审) on the home card 通知公告; taps it and reads it: the title, the body's paragraphs and its picture,
which the browser loads. Back on the home, the tile 新闻 opens the list and the column 中国梦·劳动美 its page. A
visitor without login opens the 公开 article's public address: the share card (Open Graph tags in the head, the 分享
block with the link and its QR code, the cover served to anyone); the member's 会员 article answers 404 there.
Everything after the login is reached by tapping; no page scrolls sideways and axe finds nothing serious on any.
Screenshots go to $NEWS_SHOTS when set."""

import os

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre, make_member_user
from gonghui.news.choices import ArticleKind
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.axe import page_check
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.screens import assert_fits_width

from .factories_reading import add_picture, make_article, make_column, public_article
from .factories_review import make_reviewers, published_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
WIDTH = 375
MOBILE: ViewportSize = {"width": WIDTH, "height": 812}
SHOTS = os.environ.get("NEWS_SHOTS", "")
PHONE = "13912342301"
TITLE = "全市教育系统“中国梦·劳动美”主题宣讲活动走进二十所中小学校园"
BODY = (
    "近日，市教科文卫体工会组织劳模宣讲团走进全市二十所中小学，开展“中国梦·劳动美”主题宣讲。\n\n"
    "宣讲团成员结合自身经历，讲述了立足岗位、爱岗敬业的奋斗故事，引导师生崇尚劳动、尊重劳动者。\n\n"
    "下一步，市教科文卫体工会将把主题宣讲与师德师风建设结合起来，推动活动常态化开展。"
)
PUBLIC_TITLE = "最美教师王秀英：扎根山区三十年"


def _fits(page: Page, name: str, base: str) -> None:
    """The page fits the phone (document.scrollingElement too) and axe finds nothing serious on it."""
    assert_fits_width(page, WIDTH)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH
    result = page_check(page, name, base)
    assert result.failing() == [], f"{result.path}: {result.summary()}"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/news_{name}.png", full_page=True)


def _picture_loaded(page: Page, selector: str) -> None:
    """Every picture under `selector` was fetched and decoded by the browser (a broken one has no natural width)."""
    pictures = page.locator(selector)
    expect(pictures.first).to_be_visible()
    for i in range(pictures.count()):
        picture = pictures.nth(i)
        picture.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())


@pytest.mark.django_db(transaction=True)
def test_a_member_opens_the_newest_article_from_the_home_and_a_visitor_shares_the_public_one(
    live_server, browser: Browser
):
    city = OrgFactory.create(
        code="NWBC", name="测试市教科文卫体工会", unit_name="测试市教科文卫体工会", level=OrgLevel.CITY
    )
    school = OrgFactory.create(
        code="NWBS", parent=city, name="测试市第一中学工会", unit_name="测试市第一中学"
    )
    other = OrgFactory.create(code="NWBO", parent=city, name="测试市人民医院工会", unit_name="测试市人民医院")
    writer = make_cadre("nwb_writer", city)
    make_member_user(PHONE, school, name="陈读者")
    column = make_column(org=city, name="中国梦·劳动美", description="劳动模范和大国工匠的故事")
    shared = public_article(org=city, actor=writer, title=PUBLIC_TITLE, kind=ArticleKind.ZUIMEI)
    make_article(org=other, actor=make_cadre("nwb_other", other), title="人民医院工会召开会员代表大会")
    article = published_article(
        org=city,
        writer=writer,
        reviewers=make_reviewers(city, prefix="nwb_shenhe"),
        title=TITLE,
        summary="劳模宣讲团走进二十所中小学。",
        body=BODY,
        column=column,
    )
    add_picture(article, actor=writer, name="宣讲现场.png")
    base = live_server.url

    # the member logs in and finds the newest article first on the home's 通知公告
    page = browser.new_context(viewport=MOBILE).new_page()
    page.goto(base + "/portal/login/")
    page.get_by_label("用户名或手机号").fill(PHONE)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/portal/")
    notices = page.locator("[data-section=notice] a.portal-row")
    expect(notices.first).to_contain_text(TITLE)
    expect(page.locator("[data-section=notice]")).not_to_contain_text("人民医院工会召开")
    _fits(page, "1_home", base)

    # taps it and reads it: title, three paragraphs, the picture
    notices.first.click()
    expect(page).to_have_url(f"{base}/portal/news/{article.public_id}/")
    reading = page.locator("#news-article")
    expect(reading.locator("h2")).to_have_text(TITLE)
    expect(reading.locator(".article-body p")).to_have_count(3)
    expect(reading.locator(".article-body p").nth(1)).to_contain_text("立足岗位、爱岗敬业")
    expect(reading).to_contain_text("中国梦·劳动美")
    _picture_loaded(page, "#news-article .article-body img")
    _fits(page, "2_article", base)

    # back to 首页, the tile 新闻: the list, newest first, with the column's button
    page.locator(".portal-nav a[data-tab=home]").click()
    page.locator("a.portal-tile", has_text="新闻").click()
    expect(page).to_have_url(base + "/portal/news/")
    rows = page.locator("#news-list a[data-article]")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(TITLE)
    expect(rows.nth(1)).to_contain_text(PUBLIC_TITLE)
    _fits(page, "3_list", base)
    page.locator("#news-columns a", has_text="中国梦·劳动美").click()
    expect(page.locator("h1")).to_have_text("中国梦·劳动美")
    expect(page.locator("#column-about")).to_contain_text("劳动模范和大国工匠的故事")
    expect(page.locator("#news-list a[data-article]")).to_have_count(1)
    expect(page.locator("#news-list")).to_contain_text(TITLE)
    _fits(page, "4_column", base)

    # a visitor without login: the 公开 article's page carries the share card; the 会员 article is not there
    visitor = browser.new_context(viewport=MOBILE).new_page()
    public_url = f"{base}/news/p/{shared.public_id}/"
    response = visitor.goto(public_url)
    assert response is not None
    assert response.status == 200
    expect(visitor.locator("#public-article h1")).to_have_text(PUBLIC_TITLE)
    head = visitor.locator("head")
    expect(head.locator("meta[property='og:title']")).to_have_attribute("content", PUBLIC_TITLE)
    expect(head.locator("meta[property='og:description']")).to_have_attribute(
        "content", "十位劳模走进课堂讲述奋斗故事。"
    )
    expect(head.locator("meta[property='og:url']")).to_have_attribute("content", public_url)
    og_image = head.locator("meta[property='og:image']").get_attribute("content")
    assert og_image
    assert og_image.startswith(f"{base}/news/p/{shared.public_id}/files/")
    cover = visitor.request.get(og_image)
    assert (cover.status, cover.headers["content-type"]) == (200, "image/png")
    share = visitor.locator("#share-card")
    expect(share.locator("h2")).to_have_text("分享")
    expect(share.locator("#share-link")).to_have_value(public_url)
    expect(share.locator("svg.share-qr")).to_be_visible()
    _picture_loaded(visitor, "#public-article .article-body img")
    assert "陈读者" not in visitor.content()
    _fits(visitor, "5_public", base)
    missing = visitor.goto(f"{base}/news/p/{article.public_id}/")
    assert missing is not None
    assert missing.status == 404
