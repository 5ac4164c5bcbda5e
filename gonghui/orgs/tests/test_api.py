"""/api/v1/orgs/: the scoped list and detail, and the problem+json errors."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

LIST = "/api/v1/orgs/"
# session, the user with its role grants (one statement: accounts.session_user), then count + one page of rows + the
# page's parent codes.
PINNED_LIST_QUERIES = 5


def _detail(code: str) -> str:
    return f"/api/v1/orgs/{code}"


def _problem(response) -> dict[str, object]:
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, object] = json.loads(response.content)
    return body


@pytest.mark.parametrize(
    ("_case", "actor", "codes"),
    [
        ("outsider sees only its subtree", "outsider", ["ORGB"]),
        ("org admin sees its union", "org_admin", ["ORGA"]),
        ("city admin sees the whole tree", "city_admin", ["CITY", "CX", "ORGA", "CY", "ORGB"]),
    ],
)
def test_org_list_is_scoped(request, client, world, _case, actor, codes):
    # given
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(LIST)
    # then
    assert r.status_code == 200
    body = r.json()
    assert [o["code"] for o in body["items"]] == codes
    assert body["count"] == len(codes)


def test_org_list_items_carry_their_parent_code(client, world, city_admin):
    # given
    client.force_login(city_admin)
    # when
    r = client.get(LIST)
    # then
    assert r.json()["items"][2] == {
        "code": "ORGA",
        "name": "甲县第一中学工会",
        "short_name": "",
        "unit_name": "甲县第一中学",
        "level": "grassroots",
        "status": "active",
        "depth": 3,
        "parent_code": "CX",
    }
    assert [(o["code"], o["parent_code"]) for o in r.json()["items"]] == [
        ("CITY", None),
        ("CX", "CITY"),
        ("ORGA", "CX"),
        ("CY", "CITY"),
        ("ORGB", "CY"),
    ]


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"q": "甲县"}, ["CX", "ORGA"]),
        ({"level": "county"}, ["CX", "CY"]),
        ({"q": "乙县", "level": "grassroots"}, ["ORGB"]),
    ],
)
def test_org_list_filters(client, world, city_admin, params, codes):
    # given
    client.force_login(city_admin)
    # when
    r = client.get(LIST, params)
    # then
    assert [o["code"] for o in r.json()["items"]] == codes


def test_org_list_paginates_by_fifty(client, world, city_admin):
    # given 55 more unions under 甲县 (60 in all)
    for n in range(55):
        OrgFactory.create(parent=world.county_x, code=f"P{n:02d}", name=f"分页测试{n:02d}工会")
    client.force_login(city_admin)
    # when
    first = client.get(LIST).json()
    second = client.get(LIST, {"page": 2}).json()
    # then
    assert (first["count"], len(first["items"]), len(second["items"])) == (60, 50, 10)
    assert [o["code"] for o in second["items"]][-2:] == ["CY", "ORGB"]
    assert {o["parent_code"] for o in second["items"][:-2]} == {"CX"}


def test_org_detail(client, world):
    # given
    Org.objects.filter(pk=world.org_a.pk).update(credit_code="91350100M000100Y43", chair_name="王主席")
    client.force_login(world.org_admin)
    # when
    r = client.get(_detail("ORGA"))
    # then
    assert r.status_code == 200
    assert r.json() == {
        "code": "ORGA",
        "name": "甲县第一中学工会",
        "short_name": "",
        "unit_name": "甲县第一中学",
        "level": "grassroots",
        "status": "active",
        "depth": 3,
        "parent_code": "CX",
        "credit_code": "91350100M000100Y43",
        "unit_category": "",
        "industry": "",
        "is_private": False,
        "headcount_established": 0,
        "headcount_contract": 0,
        "headcount_dispatched": 0,
        "founding_status": "complete",
        "chair_name": "王主席",
    }


def test_org_detail_of_a_root_has_no_parent(client, world, city_admin):
    # given
    client.force_login(city_admin)
    # when
    r = client.get(_detail("CITY"))
    # then
    assert r.json()["parent_code"] is None


@pytest.mark.parametrize(
    ("_case", "actor", "status", "title"),
    [
        ("anonymous must log in", None, 401, "请先登录"),
        ("outsider sees nothing", "outsider", 404, "未找到"),
        ("plain member has no console", "org_member", 403, "没有权限"),
    ],
)
def test_org_detail_errors_are_problem_json(request, client, world, _case, actor, status, title):
    # given
    if actor is not None:
        client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(_detail("ORGA"))
    # then
    assert r.status_code == status
    assert _problem(r) == {"type": "about:blank", "title": title, "status": status}


@pytest.mark.parametrize(
    ("_case", "actor", "status", "title"),
    [
        ("anonymous must log in", None, 401, "请先登录"),
        ("plain member has no console", "org_member", 403, "没有权限"),
    ],
)
def test_org_list_errors_are_problem_json(request, client, world, _case, actor, status, title):
    # given
    if actor is not None:
        client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(LIST)
    # then
    assert r.status_code == status
    assert _problem(r) == {"type": "about:blank", "title": title, "status": status}


def test_org_detail_of_an_unknown_code_is_404(client, world, city_admin):
    # given
    client.force_login(city_admin)
    # when
    r = client.get(_detail("NOPE"))
    # then
    assert r.status_code == 404
    assert _problem(r)["title"] == "未找到"


def _list_queries(client) -> int:
    client.get(LIST)  # warm up per-process caches
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(LIST)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_org_list_queries_do_not_grow_with_rows(client, world, city_admin, django_assert_num_queries):
    # given
    client.force_login(city_admin)
    few = _list_queries(client)
    # when 30 unions under two different counties are added
    for n in range(15):
        OrgFactory.create(parent=world.county_x, code=f"X{n:02d}", name=f"甲县查询{n:02d}工会")
        OrgFactory.create(parent=world.county_y, code=f"Y{n:02d}", name=f"乙县查询{n:02d}工会")
    many = _list_queries(client)
    # then
    assert many == few
    with django_assert_num_queries(PINNED_LIST_QUERIES):
        r = client.get(LIST)
    assert r.json()["count"] == 35
