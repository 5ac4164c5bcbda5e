"""评价方案 editing in Debian's Chromium (issue 26, "a scheme is a tree of dimensions and indicators; each has points
and a rule: sliding thresholds on a rate"). A county union's admin opens 量化评价 › 评价方案 from the sidebar, creates
a draft 2021 scheme, adds the dimension 组织建设 and the automatic indicator 入会率 on members.join_rate scored by
thresholds (a malformed steps line is refused in Chinese, naming 分档), sees the tree with its rule text and total,
and publishes it (confirmed). Screenshots go to $EVALUATIONS_SHOTS when set."""

import os

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from conftest import PASSWORD, make_cadre
from gonghui.evaluations.choices import IndicatorKind, RuleKind, SchemeStatus
from gonghui.evaluations.models import EvaluationScheme
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM_PATH,
    browser_context_args,
    browser_type_launch_args,
    csp_violations,
)
from tests.browser.live_db import read_when_the_server_is_done

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM_PATH), reason=f"Chromium not found at {CHROMIUM_PATH}"),
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
SHOTS = os.environ.get("EVALUATIONS_SHOTS", "")
TITLE = "2021年度基层工会工作量化考核"
RAW = ("None", "{{", "{%", "thresholds", "at_least")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/schemes_{name}.png", full_page=True)


def _no_raw_keys(page: Page, where: str = "main") -> None:
    text = "\n".join(page.locator(where).all_inner_texts())
    for raw in RAW:
        assert raw not in text, f"页面出现原始值 {raw!r}"


@pytest.mark.django_db(transaction=True)
def test_an_admin_drafts_a_scheme_with_a_thresholds_indicator_and_publishes_it(live_server, browser: Browser):
    county = OrgFactory.create(code="ESCX", name="丙县教育工会", level=OrgLevel.COUNTY)
    admin = make_cadre("es_county", county)
    base = live_server.url
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # 发布后不能再修改，确定发布吗？
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(admin.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + "/")

    # 量化评价 › 评价方案 → 新建方案
    page.locator('a[data-menu="evaluations.schemes"]').first.click()
    page.get_by_role("link", name="新建方案").first.click()
    page.get_by_label("方案名称").fill(TITLE)
    page.get_by_label("考核年度").fill("2021")
    page.get_by_label("等级划分").fill("90 五星\n80 四星\n70 三星\n60 二星\n0 一星")
    page.get_by_label("否决项不达标时最高等级").fill("一星")
    _shot(page, "1_create")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1, .page-title").first).to_contain_text(TITLE)
    expect(page.locator("#scheme-facts")).to_contain_text("草稿")

    # 添加一级指标 组织建设 (cap 30)
    page.get_by_role("link", name="添加一级指标").first.click()
    page.get_by_label("一级指标名称").fill("组织建设")
    page.get_by_label("分值上限").fill("30")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#scheme-tree")).to_contain_text("组织建设")

    # 添加考核指标 入会率: automatic, thresholds; a steps line without its points is refused first
    page.get_by_role("link", name="添加考核指标").first.click()
    page.get_by_label("序号").fill("1")
    page.get_by_label("指标名称").fill("入会率")
    page.get_by_label("考核标准").fill("入会率达到 90% 以上得满分")
    page.get_by_label("分值", exact=True).fill("10")
    page.get_by_label("取数方式").select_option(label="自动取数")
    page.locator("select[name=source_key]").select_option(value="members.join_rate")
    page.get_by_label("计分规则").select_option(label="分档计分")
    page.get_by_label("方向").select_option(label="不低于")
    page.get_by_label("分档").fill("90 10\n80\n70 5")
    page.get_by_role("button", name="保存").click()
    error = page.locator(".invalid-feedback, .alert-danger").filter(has_text="分档").first
    expect(error).to_be_visible()
    _shot(page, "2_indicator_error")
    _no_raw_keys(page, "form")
    page.get_by_label("分档").fill("90 10\n80 8\n70 5")
    page.get_by_role("button", name="保存").click()
    row = page.locator("#scheme-tree tr[data-indicator]", has_text="入会率")
    expect(row).to_contain_text("自动：入会率")
    expect(row).to_contain_text("分档计分")
    expect(page.locator("#scheme-total")).to_have_text("10 分")
    _shot(page, "3_tree")
    _no_raw_keys(page, "#scheme-tree")

    # 发布 (asked to confirm)
    page.get_by_role("link", name="发布", exact=True).click()
    page.get_by_role("button", name="确定发布").click()
    expect(page.locator("#scheme-facts")).to_contain_text("已发布")
    expect(page.get_by_role("link", name="添加考核指标")).to_have_count(0)
    _shot(page, "4_published")

    scheme = read_when_the_server_is_done(lambda: EvaluationScheme.objects.get(org=county, title=TITLE))
    assert scheme.status == SchemeStatus.PUBLISHED
    indicator = scheme.indicators.get()
    assert (indicator.kind, indicator.source_key, indicator.rule) == (
        IndicatorKind.AUTO,
        "members.join_rate",
        RuleKind.THRESHOLDS,
    )
    assert indicator.params["steps"] == [["90", "10"], ["80", "8"], ["70", "5"]]
    context.close()
