"""Coverage statistics: exact figures on the hand-built tree of conftest.py, the age bands at their
boundaries, scoping of the root, and a number of queries that does not grow with the number of orgs."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from conftest import make_cadre
from gonghui.accounts.roles import JUDGE, UNION_STAFF
from gonghui.dashboards.selectors import (
    Figures,
    ancestors_in_scope,
    coverage_for,
    dashboard_default_root,
    dashboard_root_get_for_user,
    dashboard_roots_for_user,
    percent,
    years_ago,
)
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

from .conftest import TODAY


def _as_dict(f: Figures):
    return {
        "headcount": (f.headcount_established, f.headcount_contract, f.headcount_dispatched),
        "members": f.members,
        "women": f.women,
        "employment": (f.established, f.contract, f.dispatched, f.other),
        "new_this_year": f.new_this_year,
        "ages": f.ages,
        "unfounded": f.unfounded,
    }


def _rates(f: Figures):
    return (
        f.join_rate,
        f.women_share,
        f.contract_share,
        f.contract_join_rate,
        f.dispatched_share,
        f.dispatched_join_rate,
    )


def test_city_totals(stats_tree):
    # when
    coverage = coverage_for(root=stats_tree.city, today=TODAY)
    # then
    assert _as_dict(coverage.total) == {
        "headcount": (160, 50, 10),
        "members": 7,
        "women": 3,
        "employment": (4, 1, 1, 1),
        "new_this_year": 3,
        "ages": [1, 2, 2, 1, 1],
        "unfounded": 4,
    }
    assert coverage.total.headcount == 220
    assert _rates(coverage.total) == (2.7, 42.9, 14.3, 2.0, 14.3, 10.0)  # 6 serving (m3 retired) ÷ 220
    assert coverage.year == 2026


def test_city_rows_per_child_and_own(stats_tree):
    # when
    coverage = coverage_for(root=stats_tree.city, today=TODAY)
    # then
    assert [row.org.code for row in coverage.children] == ["CX", "CY"]
    county_x, county_y = (row.figures for row in coverage.children)
    assert _as_dict(county_x) == {
        "headcount": (107, 20, 10),
        "members": 5,
        "women": 3,
        "employment": (3, 1, 1, 0),
        "new_this_year": 2,
        "ages": [1, 1, 1, 1, 1],
        "unfounded": 2,
    }
    assert _rates(county_x) == (2.9, 60.0, 20.0, 5.0, 20.0, 10.0)  # 4 serving (m3 retired) ÷ 137
    assert _as_dict(county_y) == {
        "headcount": (50, 30, 0),
        "members": 2,
        "women": 0,
        "employment": (1, 0, 0, 1),
        "new_this_year": 1,
        "ages": [0, 1, 1, 0, 0],
        "unfounded": 1,
    }
    assert _rates(county_y) == (2.5, 0.0, 0.0, 0.0, 0.0, None)
    assert _as_dict(coverage.own) == {
        "headcount": (3, 0, 0),
        "members": 0,
        "women": 0,
        "employment": (0, 0, 0, 0),
        "new_this_year": 0,
        "ages": [0, 0, 0, 0, 0],
        "unfounded": 1,
    }
    assert _rates(coverage.own) == (0.0, None, None, None, None, None)


def test_units_without_a_union_by_category(stats_tree):
    # when
    coverage = coverage_for(root=stats_tree.city, today=TODAY)
    # then: the founded unit is left out; ties are ordered by name
    assert coverage.unfounded_by_category == [("民办非企业单位", 2), ("未填写", 1), ("私营", 1)]


def test_county_root_groups_grandchildren_under_their_child(stats_tree):
    # when
    coverage = coverage_for(root=stats_tree.county_x, today=TODAY)
    # then
    assert [row.org.code for row in coverage.children] == ["ORGA"]
    org_a = coverage.children[0].figures
    assert (org_a.headcount, org_a.members, org_a.unfounded) == (135, 5, 0)
    assert (coverage.own.headcount, coverage.own.members, coverage.own.unfounded) == (2, 0, 2)
    assert (coverage.total.headcount, coverage.total.members, coverage.total.unfounded) == (137, 5, 2)
    assert coverage.unfounded_by_category == [("民办非企业单位", 1), ("私营", 1)]


def test_grassroots_root_with_its_branch(stats_tree):
    # when
    coverage = coverage_for(root=stats_tree.org_a, today=TODAY)
    # then
    branch = coverage.children[0]
    assert (branch.org.code, branch.figures.headcount, branch.figures.members, branch.figures.ages) == (
        "ORGA-F1",
        5,
        1,
        [0, 0, 0, 1, 0],
    )
    assert _as_dict(coverage.own) == {
        "headcount": (100, 20, 10),
        "members": 4,
        "women": 2,
        "employment": (2, 1, 1, 0),
        "new_this_year": 1,
        "ages": [1, 1, 1, 0, 1],
        "unfounded": 0,
    }
    assert coverage.unfounded_by_category == []


def test_leaf_root_has_only_its_own_figures(stats_tree):
    # when
    coverage = coverage_for(root=stats_tree.org_b, today=TODAY)
    # then
    assert coverage.children == []
    assert _as_dict(coverage.total) == _as_dict(coverage.own)
    assert (coverage.total.members, coverage.total.headcount, coverage.total.women) == (1, 80, 0)


def test_new_members_count_only_the_current_year(stats_tree):
    # when: a year later nobody joined yet
    coverage = coverage_for(root=stats_tree.city, today=dt.date(2027, 1, 1))
    # then
    assert coverage.total.new_this_year == 0


def test_empty_root_has_zero_figures_and_undefined_rates(world):
    # given
    empty = OrgFactory.create(parent=world.county_y, code="EMPTY", name="空单位工会")
    # when
    coverage = coverage_for(root=Org.objects.get(pk=empty.pk), today=TODAY)
    # then
    assert _as_dict(coverage.total) == _as_dict(Figures())
    assert _rates(coverage.total) == (None, None, None, None, None, None)


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (dt.date(2000, 6, 16), 0),  # 25 until tomorrow
        (dt.date(2000, 6, 15), 1),  # 26 today
        (dt.date(1990, 6, 16), 1),  # 35
        (dt.date(1990, 6, 15), 2),  # 36 today
        (dt.date(1980, 6, 16), 2),  # 45
        (dt.date(1980, 6, 15), 3),  # 46
        (dt.date(1970, 6, 16), 3),  # 55
        (dt.date(1970, 6, 15), 4),  # 56
        (dt.date(1940, 1, 1), 4),
    ],
)
def test_age_band_boundaries(world, born, band):
    # given
    org = OrgFactory.create(parent=world.county_y, code="AGES", name="年龄单位工会")
    MemberFactory.create(org=org, birth_date=born)
    # when
    ages = coverage_for(root=Org.objects.get(pk=org.pk), today=TODAY).total.ages
    # then
    assert ages == [1 if i == band else 0 for i in range(5)]


def test_years_ago_handles_29_february():
    assert years_ago(dt.date(2028, 2, 29), 26) == dt.date(2002, 2, 28)
    assert years_ago(dt.date(2026, 6, 15), 26) == dt.date(2000, 6, 15)


def test_percent_rounds_to_one_decimal():
    assert (percent(1, 3), percent(2, 3), percent(0, 5), percent(3, 0)) == (33.3, 66.7, 0.0, None)


# ---- the number of queries does not grow with the number of orgs -----------------------------------------


def _tree(world, children: int) -> Org:
    root = OrgFactory.create(
        parent=world.city, code=f"R{children}", name=f"统计县{children}工会", level=OrgLevel.COUNTY
    )
    root = Org.objects.get(pk=root.pk)
    for n in range(children):
        child = OrgFactory.create(parent=root, code=f"R{children}C{n}", name=f"统计县{children}单位{n}工会")
        branch = OrgFactory.create(
            parent=child,
            code=f"R{children}C{n}F",
            name=f"统计县{children}单位{n}分工会",
            level=OrgLevel.BRANCH,
        )
        MemberFactory.create(org=child, gender="F", employment="contract")
        MemberFactory.create(org=branch, employment="dispatched", joined_on=TODAY)
    return Org.objects.get(pk=root.pk)


def _queries(root: Org) -> tuple[int, int]:
    root = Org.objects.get(pk=root.pk)  # sorted inserts (node_order_by) may have shifted its path
    with CaptureQueriesContext(connection) as ctx:
        coverage = coverage_for(root=root, today=TODAY)
    return len(ctx.captured_queries), coverage.total.members


def test_query_count_is_the_same_for_n_and_3n_orgs(world):
    # given
    small, large = _tree(world, 4), _tree(world, 12)
    # when
    small_queries, small_members = _queries(small)
    large_queries, large_members = _queries(large)
    # then: children, headcounts, members, registrations, registrations per status — whatever the size
    assert (small_members, large_members) == (8, 24)
    assert small_queries == large_queries == 5


# ---- roots and scope ------------------------------------------------------------------------------------------


def test_root_is_404_outside_scope_and_403_without_members_view(world, outsider):
    # given
    judge = make_cadre("judge_a", world.org_a, role=JUDGE)
    # when / then
    with pytest.raises(Http404):
        dashboard_root_get_for_user(user=outsider, code="ORGA")
    with pytest.raises(Http404):
        dashboard_root_get_for_user(user=judge, code="ORGA")  # a 评委 has no orgs.view either
    assert dashboard_root_get_for_user(user=world.org_admin, code="ORGA") == world.org_a


def test_root_is_403_for_an_org_seen_without_members_view(world, monkeypatch):
    # given a role with orgs.view only
    from gonghui.core.registry import Role, roles

    monkeypatch.setitem(
        roles._items,
        "orgs_only",
        Role(code="orgs_only", label="只看组织", actions=frozenset({"console.access", "orgs.view"})),
    )
    viewer = make_cadre("viewer_a", world.org_a, role="orgs_only")
    # when / then
    with pytest.raises(PermissionDenied):
        dashboard_root_get_for_user(user=viewer, code="ORGA")


@pytest.mark.parametrize(
    ("_case", "where", "codes"),
    [
        ("city admin: the city and its counties", "city", ["CITY", "CX", "CY"]),
        ("county staff: its county", "county_x", ["CX"]),
        ("grassroots admin: its union", "org_a", ["ORGA"]),
    ],
)
def test_roots_offered_in_the_picker(world, _case, where, codes):
    # given
    user = make_cadre(f"u_{where}", getattr(world, where), role=UNION_STAFF)
    # then
    assert [o.code for o in dashboard_roots_for_user(user=user)] == codes


def test_default_root_is_the_current_org_when_allowed(world):
    # given
    user = make_cadre("two_hats", world.org_a)
    make_cadre("other", world.org_b)  # unrelated
    # then
    assert dashboard_default_root(user=user, preferred=world.org_a) == world.org_a
    assert dashboard_default_root(user=user, preferred=world.org_b) == world.org_a
    assert dashboard_default_root(user=user, preferred=None) == world.org_a


def test_breadcrumb_ancestors_stop_at_the_users_scope(world):
    # given
    county_admin = make_cadre("county_admin", world.county_x)
    city_admin = make_cadre("city_admin", world.city)
    # then
    assert ancestors_in_scope(user=county_admin, org=world.org_a) == [world.county_x]
    assert ancestors_in_scope(user=city_admin, org=world.org_a) == [world.city, world.county_x]
