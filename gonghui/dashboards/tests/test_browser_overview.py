"""各级总览 in Debian's Chromium (issue 26, "one overview per level … a big-screen mode (1920×1080)"). The city union's
admin opens 工作台 › 各级总览 from the sidebar: the sections of the registered indicator sources show, each with a
table of the child unions; she drills into 甲县教育工会 (its overview, its own child unions), goes back up through
the breadcrumb and opens 大屏模式 at 1920×1080: everything fits the screen without scrolling, the ranking charts are
drawn. Built with factories (a small tree, a few members, a frozen 量化评价 round for the 量化评价 section).
Screenshots go to $EVALUATIONS_SHOTS when set."""

import os
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre
from gonghui.evaluations.tests.factories_reports import Result, make_report_scheme, make_results
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
SCREEN: ViewportSize = {"width": 1920, "height": 1080}
SHOTS = os.environ.get("EVALUATIONS_SHOTS", "")
RAW = ("None", "{{", "{%", "nan", "undefined")


def _shot(page: Page, name: str, *, full_page: bool = True) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/overview_{name}.png", full_page=full_page)


def _no_raw_keys(page: Page) -> None:
    text = page.locator("main").inner_text()
    for raw in RAW:
        assert raw not in text, f"页面出现原始值 {raw!r}"


@pytest.mark.django_db(transaction=True)
def test_the_city_admin_reads_the_overview_drills_down_and_opens_the_big_screen(
    live_server, browser: Browser
):
    city = OrgFactory.create(code="OVC", name="测试市教科文卫体工会", level=OrgLevel.CITY)
    county_x = OrgFactory.create(parent=city, code="OVX", name="甲县教育工会", level=OrgLevel.COUNTY)
    county_y = OrgFactory.create(parent=city, code="OVY", name="乙县教育工会", level=OrgLevel.COUNTY)
    schools = [
        OrgFactory.create(parent=county_x, code="OVX1", name="甲县第一中学工会"),
        OrgFactory.create(parent=county_x, code="OVX2", name="甲县实验小学工会"),
        OrgFactory.create(parent=county_y, code="OVY1", name="乙县第二中学工会"),
    ]
    for n, school in enumerate(schools):
        MemberFactory.create_batch(n + 2, org=school)
    admin = make_cadre("ov_city", city)
    scheme = make_report_scheme(org=city, actor=admin)
    make_results(
        scheme=scheme,
        actor=admin,
        results=[
            Result(org=schools[0], join_rate=Decimal(95), home=Decimal(9)),
            Result(org=schools[1], join_rate=Decimal(82), home=Decimal(7)),
            Result(org=schools[2], join_rate=Decimal(75), home=Decimal(8), passed=False),
        ],
    )
    base = live_server.url

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(admin.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/")

    # 工作台 › 各级总览: the city's sections, each with a row per county
    page.locator('a[data-menu="dashboards.overview"]').first.click()
    expect(page.locator("h1, .page-title").first).to_contain_text("测试市教科文卫体工会 · 各级总览")
    sections = page.locator("section[data-section]")
    expect(sections.first).to_be_visible()
    names = sections.evaluate_all("nodes => nodes.map(n => n.dataset.section)")
    assert "会员与覆盖" in names, names
    assert "量化评价" in names, names
    members = page.locator('section[data-section="会员与覆盖"]')
    table = members.locator("table[data-children]")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("甲县教育工会")
    expect(table).to_contain_text("乙县教育工会")
    expect(page.locator('section[data-section="量化评价"]')).to_be_visible()
    _shot(page, "1_city")
    _no_raw_keys(page)
    # no card or table is cut off: the page does not scroll sideways
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= DESKTOP["width"], f"总览页宽 {width}px"

    # drill into 甲县教育工会: its overview lists its two schools
    table.locator('a[data-drill="OVX"]').click()
    expect(page.locator("h1, .page-title").first).to_contain_text("甲县教育工会 · 各级总览")
    county_table = page.locator('section[data-section="会员与覆盖"] table[data-children]')
    expect(county_table.locator("tbody tr")).to_have_count(2)
    expect(county_table).to_contain_text("甲县第一中学工会")
    expect(county_table).not_to_contain_text("乙县第二中学工会")
    # the schools' standing: the total of their latest frozen round (入会率 95 % → 10, 职工之家建设 9, 必备 5)
    standing = page.locator(
        'section[data-section="量化评价"] table[data-children] tr', has_text="甲县第一中学工会"
    )
    expect(standing).to_contain_text("24")
    _shot(page, "2_county")
    _no_raw_keys(page)
    page.locator(".breadcrumb").get_by_role("link", name="测试市教科文卫体工会").click()
    expect(page.locator("h1, .page-title").first).to_contain_text("测试市教科文卫体工会 · 各级总览")

    # 大屏模式 at 1920×1080: fits without scrolling, the rankings drawn
    page.set_viewport_size(SCREEN)
    page.get_by_role("link", name="大屏模式").click()
    expect(page.locator(".screen-header h1")).to_have_text("测试市教科文卫体工会 · 工会工作总览")
    expect(page.locator(".screen-tile").first).to_be_visible()
    expect(page.locator("[data-chart] canvas").first).to_be_visible()
    page.wait_for_load_state("load")
    _shot(page, "3_screen", full_page=False)
    size = page.evaluate(
        "[Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),"
        " Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)]"
    )
    assert size[0] <= SCREEN["width"], f"大屏宽 {size[0]}px，超出 1920px"
    assert size[1] <= SCREEN["height"], f"大屏高 {size[1]}px，超出 1080px，需要滚动"
    text = page.locator("body").inner_text()
    for raw in RAW:
        assert raw not in text, f"大屏出现原始值 {raw!r}"
    context.close()
