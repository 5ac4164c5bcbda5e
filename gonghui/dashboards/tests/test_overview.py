"""各级总览: sections in order, the union's figures and one row per child union drilling down, figures needing
attention, the right to read each source's app, the year picker, the big screen and a query count that does not
grow with the number of child unions.

The registry is replaced by the sources below for each test (the apps' own sources are tested by their owners);
each reads the database through `orgs.rollup` as a real source does. Trees of many child unions are bulk-built."""

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.roles import REVIEWER
from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.dashboards.selectors.overview import SECTIONS, figure_text, overview_for
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.rollup import rollup

CALLS: list[
    tuple[str, int, Period]
] = []  # (source key, number of orgs asked, period) of every values_for call


def _members(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    CALLS.append(("members.test_members", len(orgs), period))
    counts = rollup(Member.objects.all(), orgs, n=Count("id"))
    return {
        org.id: IndicatorValue(
            value=Decimal(counts[org.id]["n"]), detail="会员人数", url=f"/members/?org={org.code}"
        )
        for org in orgs
    }


def _units(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """A rate: 100 % for a union without units below it, else 50 % (numerator and denominator made up)."""
    CALLS.append(("members.test_rate", len(orgs), period))
    counts = rollup(Org.objects.all(), orgs, path_field="path", n=Count("id"))
    return {
        org.id: IndicatorValue(
            value=Decimal("100") if counts[org.id]["n"] == 1 else Decimal("50.0"),
            numerator=Decimal(1),
            denominator=Decimal(1),
        )
        for org in orgs
    }


def _overdue(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    """Needs attention: the number of unions below (0 for a union without any)."""
    CALLS.append(("appeals.test_overdue", len(orgs), period))
    counts = rollup(Org.objects.all(), orgs, path_field="path", n=Count("id"))
    return {
        org.id: IndicatorValue(value=Decimal(counts[org.id]["n"] - 1), url=f"/appeals/?org={org.code}")
        for org in orgs
    }


SOURCES = (
    IndicatorSource(
        key="appeals.test_overdue",
        label="超期诉求",
        unit="件",
        kind="count",
        values_for=_overdue,
        description="超过办理期限仍未办结的诉求",
        section="网上维权",
        higher_is_better=False,
    ),
    IndicatorSource(
        key="members.test_members",
        label="会员人数",
        unit="人",
        kind="count",
        values_for=_members,
        description="在籍会员",
        section="会员与覆盖",
    ),
    IndicatorSource(
        key="members.test_rate",
        label="测试入会率",
        unit="%",
        kind="rate",
        values_for=_units,
        description="测试用比率",
        section="会员与覆盖",
    ),
    IndicatorSource(
        key="members.test_hidden",
        label="不在总览",
        unit="个",
        kind="count",
        values_for=_units,
        description="没有栏目：不在总览中显示",
    ),
)


@pytest.fixture
def overview_sources(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[IndicatorSource, ...]]:
    monkeypatch.setattr(indicator_sources, "_items", {s.key: s for s in SOURCES})
    CALLS.clear()
    yield SOURCES
    CALLS.clear()


def add_children(parent: Org, count: int, prefix: str) -> list[Org]:
    """`count` grassroots unions under `parent` in one insert (a treebeard path each)."""
    parent = Org.objects.get(pk=parent.pk)
    start = parent.numchild
    children = [
        Org(
            path=Org._get_path(parent.path, parent.depth + 1, start + i + 1),
            depth=parent.depth + 1,
            numchild=0,
            code=f"{prefix}{i:05d}",
            name=f"{prefix}单位{i}工会",
            unit_name=f"{prefix}单位{i}",
            level=OrgLevel.GRASSROOTS,
        )
        for i in range(count)
    ]
    Org.objects.bulk_create(children)
    Org.objects.filter(pk=parent.pk).update(numchild=start + count)
    return children


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client: Client, code: str, **query: Any) -> str:
    response = client.get(reverse("dashboards:overview_org", args=[code]), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def city_admin(world):
    MemberFactory.create(org=world.org_a)
    MemberFactory.create(org=world.org_b)
    return make_cadre("city_admin", world.city)


# --- the page ----------------------------------------------------------------------------------------------------


def test_home_opens_the_users_own_union(world, overview_sources):
    client = _client(world.org_admin)
    response = client.get(reverse("dashboards:overview_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:overview_org", args=["ORGA"])
    response = client.get(reverse("dashboards:overview_home"), {"year": "2020"})
    assert response["Location"] == reverse("dashboards:overview_org", args=["ORGA"]) + "?year=2020"


def test_sections_in_order_with_the_unions_figures_and_a_row_per_child(world, overview_sources, city_admin):
    html = _page(_client(city_admin), "CITY")
    shown = re.findall(r'data-section="([^"]+)"', html)
    assert shown == ["会员与覆盖", "网上维权"]  # the order of SECTIONS; sections without sources are left out
    assert SECTIONS.index(shown[0]) < SECTIONS.index(shown[1])
    assert "不在总览" not in html  # a source without a section
    # the city's own figures: 2 members of the fixture + member_a, as 3 人 linking to the list behind it
    assert re.search(r'<a href="/members/\?org=CITY"[^>]*data-value="members.test_members">3</a>', html)
    # one row per child union (甲县, 乙县), its name drilling down to its own overview at the same section
    drill = reverse("dashboards:overview_org", args=["CX"])
    assert f'href="{drill}#section-1" data-drill="CX"' in html
    assert f'href="{reverse("dashboards:overview_org", args=["CY"])}#section-2" data-drill="CY"' in html
    assert 'data-drill="ORGA"' not in html  # grandchildren are reached by drilling down
    assert 'href="/members/?org=CX"' in html
    assert 'href="/appeals/?org=CY"' in html
    # breadcrumbs, the 数据看板 and the big screen
    assert reverse("dashboards:dashboard_org", args=["CITY"]) in html
    assert reverse("dashboards:overview_screen", args=["CITY"]) in html
    html = _page(_client(city_admin), "ORGA")
    assert f'href="{reverse("dashboards:overview_org", args=["CX"])}">甲县教育工会</a>' in html
    assert "data-children" not in html  # a union without children: no child table


def test_a_figure_that_should_be_zero_is_highlighted(world, overview_sources, city_admin):
    html = _page(_client(city_admin), "CITY")
    # 4 unions below the city: 超期 4 件 needs attention; org A has none
    assert re.search(r'border-danger" data-figure="appeals.test_overdue"', html)
    assert "需关注" in html
    assert re.search(r'id="overview-attention">1 项', html)
    html = _page(_client(world.org_admin), "ORGA")
    assert "需关注</span>" not in html
    assert re.search(r'id="overview-attention">0 项', html)


def test_three_actors(world, overview_sources):
    for name in ("overview_org", "overview_screen"):
        url = reverse(f"dashboards:{name}", args=["ORGA"])
        assert _client(world.org_admin).get(url).status_code == 200
        assert _client(world.org_member).get(url).status_code == 403
        assert _client(world.outsider).get(url).status_code == 404
    assert _client(world.org_admin).get(reverse("dashboards:overview_org", args=["CX"])).status_code == 404
    assert _client(world.org_member).get(reverse("dashboards:overview_home")).status_code == 403


def test_figures_of_an_app_the_user_cannot_read_are_neither_shown_nor_computed(world, overview_sources):
    reviewer = make_cadre("reviewer_a", world.org_a, role=REVIEWER)  # members.view, no appeals.view
    html = _page(_client(reviewer), "ORGA")
    assert "超期诉求" not in html
    assert "网上维权" not in html
    assert "会员人数" in html
    assert "appeals.test_overdue" not in {key for key, _n, _p in CALLS}
    html = _page(_client(world.org_admin), "ORGA")
    assert "超期诉求" in html


def test_no_source_shows_an_empty_state(world, monkeypatch):
    monkeypatch.setattr(indicator_sources, "_items", {})
    html = _page(_client(world.org_admin), "ORGA")
    assert "暂无可显示的指标" in html


def test_the_year_picker_reads_a_past_year_whole_and_this_year_to_today(world, overview_sources):
    client = _client(world.org_admin)
    html = _page(client, "ORGA", year="2020")
    assert Period.year(2020) in {p for _k, _n, p in CALLS}
    assert '<option value="2020" selected>' in html
    assert "2020年度" in html
    assert "?year=2020" in html  # the drill-down and the big screen keep the year
    CALLS.clear()
    _page(client, "ORGA", year="1900")  # outside the picker: this year
    assert {p for _k, _n, p in CALLS} == {Period.year_to(timezone.localdate())}


# --- the big screen ----------------------------------------------------------------------------------------------


def test_the_big_screen(world, overview_sources, city_admin):
    add_children(world.county_y, 1, prefix="S")  # 乙县: two unions below it, 甲县 one
    response = _client(city_admin).get(reverse("dashboards:overview_screen", args=["CITY"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="300">' in html
    assert "navbar" not in html  # no console chrome
    assert "sidebar" not in html
    assert "dashboards/screen.css" in html
    assert "dashboards/screen.js" in html
    assert re.search(
        r'data-figure="members.test_members">\s*<span class="screen-label">会员人数</span>', html
    )
    assert 'screen-figure screen-attention" data-figure="appeals.test_overdue"' in html
    found = re.search(r'id="page-charts" type="application/json">(.*?)</script>', html)
    assert found is not None
    charts = json.loads(found.group(1))
    # children ranked by the rate, then by the figure needing attention (worst first), each bar opening its screen
    assert list(charts["charts"]) == ["ranking0", "ranking1"]
    overdue = charts["charts"]["ranking1"]
    assert overdue["yAxis"]["data"] == ["乙县教育工会", "甲县教育工会"]
    assert overdue["series"][0]["data"] == [2, 1]
    assert overdue["yAxis"]["axisLabel"]["interval"] == 0  # every union named, none skipped
    assert overdue["grid"]["right"] >= 48  # the value label after the longest bar is not cut
    assert charts["links"]["ranking1"] == [
        reverse("dashboards:overview_screen", args=["CY"]),
        reverse("dashboards:overview_screen", args=["CX"]),
    ]
    assert reverse("dashboards:overview_org", args=["CITY"]) in html  # back to the overview


# --- formatting and query counts --------------------------------------------------------------------------------


def test_figure_text():
    assert figure_text(None) == "—"
    assert figure_text(Decimal("12.000")) == "12"
    assert figure_text(Decimal("87.456"), "rate") == "87.5"
    assert figure_text(Decimal("1234.5"), "amount") == "1234.50"


def test_the_page_reads_in_the_same_number_of_queries_for_15_and_60_children(
    world, overview_sources, city_admin
):
    """A query per child row would differ by 45 (the rows are all rendered: the page is not paginated)."""
    counts = []
    for n, parent in ((15, world.county_x), (60, world.county_y)):
        add_children(parent, n, prefix=parent.code)
        client = _client(city_admin)
        with CaptureQueriesContext(connection) as captured:
            html = _page(client, parent.code)
        assert html.count("data-drill=") == 2 * (n + 1)  # two sections, org A / org B beside the new ones
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[0] <= 20


@pytest.mark.parametrize("n", [15, 60])
def test_the_selector_reads_in_the_same_number_of_queries_for_15_and_60_orgs(
    world, overview_sources, city_admin, django_assert_num_queries, n
):
    add_children(world.county_x, n, prefix="B")
    root = Org.objects.get(pk=world.county_x.pk)
    # the user's grants, the children, then per source (3) one grouped query per depth (2)
    with django_assert_num_queries(1 + 1 + 3 * 2):
        overview = overview_for(user=city_admin, org=root, year=timezone.localdate().year)
    assert len(overview.children) == n + 1
    assert {(key, asked) for key, asked, _p in CALLS} == {
        ("members.test_members", n + 2),
        ("members.test_rate", n + 2),
        ("appeals.test_overdue", n + 2),
    }
