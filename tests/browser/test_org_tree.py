"""Cadre in the console: log in, browse the org tree (HTMX), move a subtree, search."""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_cadre
from gonghui.accounts.models import User
from gonghui.accounts.roles import UNION_ADMIN
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.browser


@dataclass
class Tree:
    city: Org
    county_x: Org
    county_y: Org
    school: Org
    branch: Org
    cadre: User


def _tree() -> Tree:
    """测试市教科文卫体工会 ─┬─ 甲县教育工会 ── 甲县实验小学工会 ── 教研组分工会
    └─ 乙县教育工会"""
    city = OrgFactory.create(
        code="BCITY", name="测试市教科文卫体工会", unit_name="测试市教育局", level=OrgLevel.CITY
    )
    county_x = OrgFactory.create(
        parent=city, code="BCX", name="甲县教育工会", unit_name="甲县教育局", level=OrgLevel.COUNTY
    )
    county_y = OrgFactory.create(
        parent=Org.objects.get(pk=city.pk),
        code="BCY",
        name="乙县教育工会",
        unit_name="乙县教育局",
        level=OrgLevel.COUNTY,
    )
    school = OrgFactory.create(
        parent=county_x,
        code="BSCH",
        name="甲县实验小学工会",
        unit_name="甲县实验小学",
        level=OrgLevel.GRASSROOTS,
    )
    branch = OrgFactory.create(
        parent=school,
        code="BBR",
        name="教研组分工会",
        unit_name="甲县实验小学",
        level=OrgLevel.BRANCH,
    )
    cadre = make_cadre("city_admin", Org.objects.get(pk=city.pk), role=UNION_ADMIN)
    return Tree(
        city=Org.objects.get(pk=city.pk),
        county_x=Org.objects.get(pk=county_x.pk),
        county_y=Org.objects.get(pk=county_y.pk),
        school=Org.objects.get(pk=school.pk),
        branch=Org.objects.get(pk=branch.pk),
        cadre=cadre,
    )


def _console_login(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base_url + "/")
    expect(page.get_by_role("heading", name="测试市教科文卫体工会")).to_be_visible()


def _open_org_tree(page: Page) -> None:
    page.locator("aside").get_by_role("link", name="组织架构").click()
    expect(page.get_by_role("heading", name="组织架构")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_cadre_moves_subtree_through_org_tree(live_server, page: Page):
    tree = _tree()
    _console_login(page, live_server.url, "city_admin")
    _open_org_tree(page)

    # The root's children come in by HTMX on load; a county's children only when its "+" is clicked.
    org_tree = page.locator("#org-tree")
    expect(org_tree.locator("#children-BCITY").get_by_role("link", name="甲县教育工会")).to_be_visible()
    expect(org_tree.locator("#children-BCITY").get_by_role("link", name="乙县教育工会")).to_be_visible()
    expect(org_tree.locator("#children-BCX li")).to_have_count(0)
    org_tree.get_by_role("button", name="展开 甲县教育工会").click()
    school_link = org_tree.locator("#children-BCX").get_by_role("link", name="甲县实验小学工会")
    expect(school_link).to_be_visible()

    school_link.click()
    expect(page).to_have_url(f"{live_server.url}/orgs/BSCH/")
    expect(page.get_by_role("heading", name="甲县实验小学工会")).to_be_visible()
    page.get_by_role("link", name="移动", exact=True).click()
    expect(page.get_by_role("heading", name="移动“甲县实验小学工会”")).to_be_visible()
    expect(page.get_by_text("该组织的 1 个下级组织将一并移动")).to_be_visible()

    page.locator("select[name=new_parent]").select_option(label="乙县教育工会")
    dialogs: list[str] = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.get_by_role("button", name="确认移动").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "已将 甲县实验小学工会 及其 1 个下级组织移至 乙县教育工会"
    )
    assert dialogs == ["确定移动该组织及其全部下级组织吗？"]
    expect(page).to_have_url(f"{live_server.url}/orgs/BSCH/")
    breadcrumbs = page.get_by_label("面包屑导航")
    expect(breadcrumbs.get_by_role("link", name="乙县教育工会")).to_be_visible()
    expect(breadcrumbs).not_to_contain_text("甲县教育工会")
    expect(breadcrumbs.locator(".breadcrumb-item.active")).to_have_text("甲县实验小学工会")

    county_y = Org.objects.get(code="BCY")
    school = Org.objects.get(code="BSCH")
    branch = Org.objects.get(code="BBR")
    assert school.path.startswith(county_y.path)
    assert school.depth == county_y.depth + 1
    assert branch.path.startswith(school.path)
    assert branch.path.startswith(county_y.path)
    assert Org.objects.get(code="BCX").numchild == 0
    assert not school.path.startswith(tree.county_x.path)

    # The tree agrees: 乙县 now holds the school, 甲县 has nothing left below it.
    _open_org_tree(page)
    org_tree.get_by_role("button", name="展开 乙县教育工会").click()
    expect(org_tree.locator("#children-BCY").get_by_role("link", name="甲县实验小学工会")).to_be_visible()
    expect(org_tree.get_by_role("button", name="展开 甲县教育工会")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_org_tree_search_filters_with_htmx(live_server, page: Page):
    _tree()
    _console_login(page, live_server.url, "city_admin")
    _open_org_tree(page)
    expect(page.locator("#org-tree")).to_be_visible()

    search = page.get_by_placeholder("搜索工会名称、简称、单位或编码")
    results = page.locator("#org-results")
    rows = results.locator("table tbody tr")

    # Typing alone (no submit) swaps the tree for the results table, holding the one match.
    search.fill("乙县")
    expect(rows).to_have_count(1)
    expect(page.locator("#org-tree")).to_have_count(0)
    expect(rows.first.get_by_role("link")).to_have_text("乙县教育工会")
    expect(rows.first).to_contain_text("BCY")
    expect(results).not_to_contain_text("甲县")
    expect(page).to_have_url(re.compile(r"/orgs/\?q=%E4%B9%99%E5%8E%BF"))

    # Matches on the unit name too: the school and its branch (both at 甲县实验小学).
    search.fill("实验小学")
    expect(rows).to_have_count(2)
    expect(results.get_by_role("link", name="甲县实验小学工会")).to_be_visible()
    expect(results.get_by_role("link", name="教研组分工会")).to_be_visible()
    expect(results).not_to_contain_text("乙县教育工会")

    search.fill("没有这个工会")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_text("没有找到符合条件的组织")


@pytest.mark.django_db(transaction=True)
def test_export_button_posts_with_csrf_and_downloads_the_workbook(live_server, page: Page):
    """An export is a POST (a GET answers 405): the button's form carries the CSRF token and the file arrives."""
    from gonghui.core.models import AuditAction, AuditLog

    _tree()
    _console_login(page, live_server.url, "city_admin")
    _open_org_tree(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="导出 Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    assert download.failure() is None
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 1
