"""数据看板 pages: the permission matrix (outsider 404, plain member 403, admin 200), the figures, charts and
drill-down links on the page, the picker, the xlsx export through `spreadsheets:export_start` (audited there), and a query count that does not grow
with the number of child orgs."""

import datetime as dt
import json
import re
from urllib.parse import quote

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.core.excel import read_rows, sheet_names
from gonghui.core.models import AuditLog
from gonghui.dashboards.spreadsheets import FIGURE_HEADERS
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

NOON = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def city_admin(world):
    return make_cadre("city_admin", world.city)


@pytest.fixture
def county_x_admin(world):
    return make_cadre("county_x_admin", world.county_x)


def _login(client, user):
    client.force_login(user)
    return client


def _charts(response):
    found = re.search(
        r'<script id="page-charts" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found is not None
    return json.loads(found.group(1))


# --- access ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "code", "status"),
    [
        ("org admin sees its union", "org_admin", "ORGA", 200),
        ("county admin drills down to org A", "county_x_admin", "ORGA", 200),
        ("org admin may not see its county", "org_admin", "CX", 404),
        ("admin of org B may not see org A", "outsider", "ORGA", 404),
        ("plain member may not open the console", "org_member", "ORGA", 403),
    ],
)
def test_dashboard_access(request, client, world, _case, actor, code, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.get(reverse("dashboards:dashboard_org", args=[code]))
    # then
    assert r.status_code == status


def test_dashboard_anonymous_is_sent_to_login(client, world):
    r = client.get(reverse("dashboards:dashboard_org", args=["ORGA"]))
    assert (r.status_code, r["Location"]) == (302, "/accounts/login/?next=/dashboards/orgs/ORGA/")


@pytest.mark.parametrize(
    ("_case", "actor", "query", "status", "location"),
    [
        ("org admin goes to its current org", "org_admin", {}, 302, "/dashboards/orgs/ORGA/"),
        ("county admin goes to its county", "county_x_admin", {}, 302, "/dashboards/orgs/CX/"),
        ("county admin picks org A", "county_x_admin", {"org": "ORGA"}, 302, "/dashboards/orgs/ORGA/"),
        ("org admin may not pick org B", "org_admin", {"org": "ORGB"}, 404, None),
        ("plain member", "org_member", {}, 403, None),
    ],
)
def test_dashboard_home_redirects_to_the_chosen_root(
    request, client, world, _case, actor, query, status, location
):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = client.get(reverse("dashboards:dashboard_home"), query)
    # then
    assert r.status_code == status
    if location:
        assert r["Location"] == location


def test_dashboard_home_follows_the_org_switcher(client, world):
    # given a cadre of two unions who switched to the second
    user = make_cadre("two_unions", world.org_a)
    RoleGrantFactory.create(user=user, role="union_admin", org=world.org_b)
    _login(client, user)
    client.post(reverse("accounts:org_switch"), {"org": "ORGB"})
    # when
    r = client.get(reverse("dashboards:dashboard_home"))
    # then
    assert r["Location"] == "/dashboards/orgs/ORGB/"


# --- the page ----------------------------------------------------------------------------------------------


def test_dashboard_page_shows_the_figures_and_the_children(client, stats_tree, city_admin):
    # given
    _login(client, city_admin)
    # when
    r = client.get(reverse("dashboards:dashboard_org", args=["CITY"]))
    html = r.content.decode()
    # then
    assert r.status_code == 200
    figures = dict(re.findall(r'data-figure="(\w+)">([^<]*)<', html))
    assert figures == {
        "members": "7",
        "join_rate": "2.7%",
        "women": "3",
        "new_this_year": "3",
        "contract": "1",
        "contract_join_rate": "2.0%",
        "dispatched": "1",
        "dispatched_join_rate": "10.0%",
        "unfounded": "4",
        "unfounded_not_founded": "1",
        "unfounded_applied": "1",
        "unfounded_rejected": "1",
        "unfounded_developing": "1",
    }
    assert re.findall(r'<a href="([^"]+)" data-drill="([^"]+)">', html) == [
        ("/dashboards/orgs/CX/", "甲县教育工会"),
        ("/dashboards/orgs/CY/", "乙县教育工会"),
    ]
    assert '<script src="/static/vendor/echarts/echarts.min.js"></script>' in html
    assert '<script src="/static/js/charts.js"></script>' in html


def test_dashboard_charts_carry_the_figures_and_the_drill_down_links(client, stats_tree, city_admin):
    # given
    _login(client, city_admin)
    # when
    data = _charts(client.get(reverse("dashboards:dashboard_org", args=["CITY"])))
    # then
    charts = data["charts"]
    assert sorted(charts) == ["ages", "employment", "gender", "members", "rates", "unfounded"]
    assert charts["members"]["xAxis"]["data"] == ["甲县教育工会", "乙县教育工会"]
    assert [s["data"] for s in charts["members"]["series"]] == [[137, 80], [5, 2], [2.9, 2.5]]
    assert [s["data"] for s in charts["rates"]["series"]] == [[2.9, 2.5], [5.0, 0.0], [10.0, None]]
    assert charts["ages"]["series"][0]["data"] == [1, 2, 2, 1, 1]
    assert charts["employment"]["series"][0]["data"] == [
        {"name": "在编", "value": 4},
        {"name": "非在编", "value": 1},
        {"name": "劳务派遣", "value": 1},
        {"name": "其他", "value": 1},
    ]
    assert charts["gender"]["series"][0]["data"] == [{"name": "女", "value": 3}, {"name": "男", "value": 4}]
    assert charts["unfounded"]["yAxis"]["data"] == ["民办非企业单位", "未填写", "私营"]
    assert data["links"] == {
        "members": ["/dashboards/orgs/CX/", "/dashboards/orgs/CY/"],
        "rates": ["/dashboards/orgs/CX/", "/dashboards/orgs/CY/"],
    }


def test_dashboard_picker_and_breadcrumbs(client, stats_tree, county_x_admin):
    # given
    _login(client, county_x_admin)
    # when
    r = client.get(reverse("dashboards:dashboard_org", args=["ORGA-F1"]))
    # then
    assert [o.code for o in r.context["roots"]] == ["CX"]
    assert [o.code for o in r.context["ancestors"]] == ["CX", "ORGA"]
    assert '<option value="ORGA-F1" selected>' in r.content.decode()


def _wide_tree(world, children: int) -> str:
    code = f"W{children}"
    root = OrgFactory.create(parent=world.county_x, code=code, name=f"统计单位{children}工会")
    for n in range(children):
        child = OrgFactory.create(
            parent=root, code=f"{code}F{n}", name=f"统计单位{children}分工会{n}", level=OrgLevel.BRANCH
        )
        MemberFactory.create(org=child, joined_on=dt.date(2026, 1, 2))
    return code


def _page_queries(client, code: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse("dashboards:dashboard_org", args=[code]))
    assert r.status_code == 200
    # without the calendar health check, which reruns whenever the shared cache is cleared
    return len([q for q in ctx.captured_queries if "calendars_" not in q["sql"]])


def test_dashboard_query_count_does_not_grow_with_the_orgs(client, world, county_x_admin):
    # given
    _login(client, county_x_admin)
    small, large = _wide_tree(world, 5), _wide_tree(world, 15)
    client.get(reverse("dashboards:dashboard_org", args=[small]))  # warm per-process caches
    # when
    small_queries, large_queries = _page_queries(client, small), _page_queries(client, large)
    # then: session, the user with its grants (one statement), unread count + root, 4 statistics queries, picker,
    # breadcrumbs
    assert small_queries == large_queries == 11
    assert Org.objects.get(code=large).numchild == 15


# --- export ------------------------------------------------------------------------------------------------


def _export(client, code):
    return client.post(
        reverse("spreadsheets:export_start", args=["dashboard"]) + f"?org={code}",
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="TestBrowser/1.0",
    )


def test_export_button_posts_to_the_spreadsheets_export_with_the_root(client, stats_tree, county_x_admin):
    _login(client, county_x_admin)
    r = client.get(reverse("dashboards:dashboard_org", args=["CX"]))
    action = reverse("spreadsheets:export_start", args=["dashboard"]) + "?org=CX"
    assert f'<form method="post" action="{action}">' in r.content.decode()


def test_export_answers_an_xlsx_and_audits_it(client, stats_tree, city_admin):
    # given
    _login(client, city_admin)
    # when
    r = _export(client, "CITY")
    # then
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "no-store" in r["Cache-Control"]
    assert r["Content-Disposition"].endswith(
        "filename*=UTF-8''" + quote("会员与覆盖面统计-测试市教科文卫体工会-20260615.xlsx")
    )
    content = r.content
    assert sheet_names(content) == ["汇总", "下级组织", "未建会单位", "未建会单位按状态"]
    summary = read_rows(content, sheet="汇总")
    assert (
        summary[0][0]
        == "统计范围：测试市教科文卫体工会及其下级组织；统计日期：2026-06-15；会员指在籍及保留会籍会员"
    )
    assert summary[1] == ["指标", "数值"]
    assert {row[0]: row[1] for row in summary[2:]}["会员数"] == 7.0
    children = read_rows(content, sheet="下级组织")
    assert [row[:7] for row in children[2:]] == [
        ["CX", "甲县教育工会", 137.0, 107.0, 20.0, 10.0, 5.0],
        ["CY", "乙县教育工会", 80.0, 50.0, 30.0, 0.0, 2.0],
        ["CITY", "测试市教科文卫体工会（本级）", 3.0, 3.0, 0.0, 0.0, 0.0],
        ["", "合计", 220.0, 160.0, 50.0, 10.0, 7.0],
    ]
    assert (
        children[3][2 + FIGURE_HEADERS.index("劳务派遣入会率(%)")] == ""
    )  # 乙县: no 劳务派遣 workers, no rate
    assert read_rows(content, sheet="未建会单位")[2:] == [
        ["民办非企业单位", 2.0],
        ["未填写", 1.0],
        ["私营", 1.0],
    ]
    # 21 figures + 4 org rows + 3 categories; audited once, by the spreadsheets export, with the address
    audit = AuditLog.objects.get(action="export")
    assert (audit.actor, audit.summary, audit.detail, audit.ip_address, audit.user_agent) == (
        city_admin,
        "导出会员与覆盖面统计 35 行",
        {"params": {"org": "CITY"}},
        "203.0.113.9",
        "TestBrowser/1.0",
    )


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin exports its union", "org_admin", 200),
        ("admin of org B asks for org A", "outsider", 404),
        ("plain member", "org_member", 403),
    ],
)
def test_export_access(request, client, world, _case, actor, status):
    # given
    _login(client, request.getfixturevalue(actor))
    # when
    r = _export(client, "ORGA")
    # then
    assert r.status_code == status
    assert AuditLog.objects.filter(action="export").count() == (1 if status == 200 else 0)


def test_the_old_export_address_is_gone(client, world, org_admin):
    _login(client, org_admin)
    assert client.post("/dashboards/orgs/ORGA/export/").status_code == 404


def test_menu_entry(client, world, org_admin):
    _login(client, org_admin)
    r = client.get(reverse("home"))
    assert 'data-menu="dashboards"' in r.content.decode()
