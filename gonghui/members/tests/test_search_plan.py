"""The member search's plan (issue 27): every branch of the search is an indexable match (name prefix, pinyin and
initials prefixes, full phone, ID suffix); a match inside the name only when the searched scope is small, with the
page saying so when it was left out; the list counted up to a cap ("共 N 人" / "约 N 人" / "超过 N 人") with
previous / next working either way; and, on PostgreSQL, EXPLAIN showing the prefix searches use their indexes."""

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.identity import mask_identifier
from gonghui.members.models import Member
from gonghui.members.pinyin import name_search_fields
from gonghui.members.selectors import paging, registry
from gonghui.members.selectors.registry import member_search_from_params
from gonghui.members.tests.factories import MemberFactory, valid_id_number
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
SKIPPED = "范围较大"
ID_X = "11010519491231002X"


def _person(org, name, **fields):
    return MemberFactory.create(org=org, name=name, **name_search_fields(name), **fields)


@pytest.fixture
def people(world):
    """Org A (with a branch) holds 张三, 李三, 章思 and the world's 甲会员; org B holds 张三丰."""
    branch = OrgFactory.create(parent=world.org_a, code="ORGA-F1", name="语文组", level=OrgLevel.BRANCH)
    return {
        "zhang": _person(
            world.org_a, "张三", phone="13900000001", id_number=ID_X, id_number_masked=mask_identifier(ID_X)
        ),
        "li": _person(world.org_a, "李三", phone="13900000002"),
        "zhangsi": _person(branch, "章思", phone="13900000003"),
        "other": _person(world.org_b, "张三丰", phone="13900000004"),
        "branch": branch,
    }


@pytest.fixture
def big_scope(monkeypatch):
    """Any scope of more than 2 members counts as large."""
    monkeypatch.setattr(registry, "NAME_SUBSTRING_SCOPE_LIMIT", 2)


def _names(found) -> list[str]:
    return sorted(m.name for m in found.members)


@pytest.mark.parametrize(
    ("_case", "query", "names"),
    [
        ("exact name", "张三", ["张三"]),
        ("name prefix", "张", ["张三"]),
        ("pinyin prefix", "zhang", ["张三", "章思"]),
        ("full pinyin", "lisan", ["李三"]),
        ("initials", "zs", ["张三", "章思"]),
        ("full phone", "13900000002", ["李三"]),
        ("ID suffix, X check character", "002x", ["张三"]),
        ("a character inside the name is left out", "三", []),
    ],
)
def test_each_indexable_branch_finds_in_a_big_scope(world, people, big_scope, _case, query, names):
    # when org A's admin (4 members, over the bound of 2) searches
    found = member_search_from_params(user=world.org_admin, params={"q": query})
    # then only org A's members, by the indexable branches
    assert _names(found) == names
    assert found.name_substring_skipped is not query.isdigit()


def test_substring_within_a_small_unit(world, people, big_scope):
    # when the search is narrowed to the branch (1 member) and then the union is small enough
    in_branch = member_search_from_params(user=world.org_admin, params={"q": "思", "org": "ORGA-F1"})
    # then the character inside the name matches there
    assert (_names(in_branch), in_branch.name_substring_skipped) == (["章思"], False)


def test_substring_in_the_default_bound(world, people):
    # when org A (4 members, under NAME_SUBSTRING_SCOPE_LIMIT) is searched for a character inside names
    found = member_search_from_params(user=world.org_admin, params={"q": "三"})
    # then 张三 and 李三 match, 张三丰 of org B does not (scope), and nothing was left out
    assert (_names(found), found.name_substring_skipped) == (["张三", "李三"], False)


def test_digits_never_search_inside_names(world, people):
    # a phone or ID suffix cannot be inside a name: no scope check is needed, nothing is said to be left out
    found = member_search_from_params(user=world.org_admin, params={"q": "13900000001"})
    assert (_names(found), found.name_substring_skipped) == (["张三"], False)


def test_the_page_says_when_the_substring_was_left_out(client, world, people, big_scope):
    client.force_login(world.org_admin)
    # when
    skipped = client.get(reverse("members:member_list"), {"q": "三"}, **HTMX).content.decode()
    narrowed = client.get(
        reverse("members:member_list"), {"q": "思", "org": "ORGA-F1"}, **HTMX
    ).content.decode()
    # then the big scope says what was matched and how to include the middle of names; the unit finds 章思
    assert SKIPPED in skipped
    assert "请在“所属工会”中选择具体单位" in skipped
    assert "没有符合条件的会员" in skipped
    assert SKIPPED not in narrowed
    assert "章思" in narrowed


@pytest.mark.parametrize(
    ("_case", "actor", "status", "names"),
    [
        ("org admin finds its own", "org_admin", 200, ["张三"]),
        ("outsider finds only org B's", "outsider", 200, ["张三丰"]),
        ("plain member has no console", "org_member", 403, []),
    ],
)
def test_search_keeps_the_three_actors_apart(request, client, world, people, _case, actor, status, names):
    client.force_login(request.getfixturevalue(actor))
    # when
    r = client.get(reverse("members:member_list"), {"q": "张三"})
    # then
    assert r.status_code == status
    if status == 200:
        assert [m.name for m in r.context["page"]] == names


def test_capped_count_pages_without_a_last_page_link(client, world, monkeypatch):
    # given 30 members of org A (31 with 甲会员) and a cap of 10
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    MemberFactory.create_batch(30, org=world.org_a)
    client.force_login(world.org_admin)
    url = reverse("members:member_list")
    # when
    first = client.get(url)
    second = client.get(url, {"page": "2"})
    # then the count is a bound (or the planner's estimate), next and previous work, and no 末页 is offered
    first_html, second_html = first.content.decode(), second.content.decode()
    assert re.search(r"(超过 10 人|约 [\d,]+ 人)，第 1 页<", first_html)
    assert (len(first.context["page"]), len(second.context["page"])) == (25, 6)
    assert "page=2" in first_html
    assert "末页" not in first_html
    assert "page=1" in second_html
    assert not second.context["page"].has_next
    assert {m.pk for m in first.context["page"]}.isdisjoint(m.pk for m in second.context["page"])


@pytest.mark.postgres
def test_list_makes_the_same_queries_under_and_over_the_cap(client, world, monkeypatch):
    # given a cap of 10 and, first, 5 members of org A (6 with 甲会员): an exact count
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    MemberFactory.create_batch(5, org=world.org_a, gender="F")
    client.force_login(world.org_admin)
    url = reverse("members:member_list")

    def queries(params: dict[str, str]) -> tuple[int, str]:
        client.get(url, params)
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url, params).content.decode()
        return len(ctx.captured_queries), html

    few = {name: queries(params) for name, params in (("list", {}), ("filter", {"gender": "F"}))}
    # when 30 more make the count capped (PostgreSQL then shows its planner's estimate)
    MemberFactory.create_batch(30, org=world.org_a, gender="F")
    many = {name: queries(params) for name, params in (("list", {}), ("filter", {"gender": "F"}))}
    # then the pages make as many queries as before
    assert "共 6 人" in few["list"][1]
    assert re.search(r"(约 [\d,]+ 人|超过 10 人)，第 1 页<", many["list"][1])
    assert {name: n for name, (n, _) in many.items()} == {name: n for name, (n, _) in few.items()}


def test_a_search_over_the_cap_says_more_than(client, world, monkeypatch):
    # given 30 members named 张… and a cap of 10
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    for n in range(30):
        _person(world.org_a, f"张{'伟芳娜秀英'[n % 5]}{n}")
    client.force_login(world.org_admin)
    # when
    html = client.get(reverse("members:member_list"), {"q": "张"}).content.decode()
    # then a search never shows the planner's estimate (it double-counts the OR's overlap), only the bound
    assert "超过 10 人，第 1 页<" in html


def test_exact_count_under_the_cap_links_the_last_page(client, world):
    MemberFactory.create_batch(30, org=world.org_a)
    client.force_login(world.org_admin)
    # when
    r = client.get(reverse("members:member_list"))
    beyond = client.get(reverse("members:member_list"), {"page": "99"})
    # then
    html = r.content.decode()
    assert "共 31 人，第 1 / 2 页" in html
    assert "末页" in html
    assert "page=2" in html
    assert (beyond.context["page"].number, len(beyond.context["page"])) == (2, 6)


def test_small_result_keeps_the_list_order(world, people):
    # the re-ordering for small lists (lower(path), name, id) gives the same order as the list's own
    found = member_search_from_params(user=world.org_admin, params={})
    assert list(registry.member_rows_sorted_after_matching(found.members)) == list(found.members)


def test_prefix_searches_use_the_indexes_on_sqlite(world, people, monkeypatch):
    # SQLite's LIKE is case-insensitive and never uses a plain index: the prefix branches add a range that does
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan (PostgreSQL's: test_prefix_searches_use_the_indexes)")
    monkeypatch.setattr(registry, "NAME_SUBSTRING_SCOPE_LIMIT", 1)  # the scope counts as large
    for query, indexes, names in (
        ("张三", {"member_name_prefix"}, ["张三"]),
        ("zs", {"member_name_prefix", "member_pinyin_prefix", "member_initials_prefix"}, ["张三", "章思"]),
    ):
        found = member_search_from_params(user=world.org_admin, params={"q": query})
        assert _names(found) == names
        for qs in (
            found.members.order_by()[:2001],
            registry.member_rows_sorted_after_matching(found.members)[:26],
        ):
            sql, params = qs.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
            # then each branch is a search of its index, and no scan reads the members table
            assert all(f"USING INDEX {index} (" in plan for index in indexes), plan
            assert "SCAN members_member" not in plan, plan


# ---- PostgreSQL: the plan -----------------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华玉兰红萍建国文辉鹏飞宇浩然"


def _plan(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return json.dumps(cursor.fetchone()[0], ensure_ascii=False)


@pytest.mark.postgres
def test_prefix_searches_use_the_indexes(world, monkeypatch):
    # given 4,000 members with realistic names over the tree's five unions, and fresh statistics
    monkeypatch.setattr(registry, "NAME_SUBSTRING_SCOPE_LIMIT", 100)  # the city's scope counts as large
    orgs = [world.city, world.county_x, world.county_y, world.org_a, world.org_b]
    rows = []
    for i in range(4000):
        name = (
            SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 13) % len(GIVEN)][: i % 2]
        )
        rows.append(
            Member(
                org=orgs[i % len(orgs)],
                name=name,
                **name_search_fields(name),
                gender="F",
                birth_date=dt.date(1980, 1, 1),
                id_number_encrypted="x",
                id_number_hash=f"plan{i:060d}",
                id_number_masked=mask_identifier(valid_id_number(i)),
                phone=f"137{i:08d}",
            )
        )
    Member.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_member")
        cursor.execute("ANALYZE orgs_org")
    from conftest import make_cadre

    city_admin = make_cadre("plan_city_admin", world.city)
    for query, index in (
        ("张", "member_name_prefix"),
        ("zhang", "member_pinyin_prefix"),
        ("zw", "member_initials_prefix"),
    ):
        found = member_search_from_params(user=city_admin, params={"q": query})
        assert found.name_substring_skipped
        counted = found.members.order_by()[:2001]
        small = registry.member_rows_sorted_after_matching(found.members)[:26]
        for qs in (counted, small):
            sql, params = qs.query.sql_with_params()
            plan = _plan(sql, params)
            # then the member rows come from the prefix index, never from a scan of the whole table
            assert index in plan, (query, plan)
            assert not re.search(r'"Node Type": "Seq Scan", [^}]*"Relation Name": "members_member"', plan), (
                plan
            )
            assert "Bitmap Index Scan" in plan or "Index Scan" in plan
