"""The root dashboard of today reads the 会员计数 rows: the same figures as aggregating the member rows, in the same
number of queries whatever the number of members, with the age bands' counting time on the page."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_cadre
from gonghui.dashboards.selectors import coverage as coverage_module
from gonghui.dashboards.selectors import coverage_for
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import Org

from .test_selectors import _as_dict

NOON = dt.datetime(2026, 6, 15, 4, 0, tzinfo=dt.UTC)  # 12:00 in Asia/Shanghai


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(NOON, tick=False):
        yield


def _from_member_rows(root: Org) -> dict[str, dict[str, int]]:
    """The members' figures per child prefix aggregated from the member rows (the path of another day)."""
    return {row.pop("prefix"): row for row in coverage_module._member_counts(root, dt.date(2026, 6, 15))}


def _from_counters(root: Org) -> dict[str, dict[str, int]]:
    found = {}
    for row in coverage_module._counted(root, dt.date(2026, 6, 15)):
        row.pop("counted_at")
        found[row.pop("prefix")] = row
    return found


def test_todays_figures_come_from_the_counters_and_equal_the_member_rows(stats_tree):
    # when
    today = coverage_for(root=stats_tree.city)
    # then: per child, the counters and the member rows agree, and so do the figures of the page
    assert _from_counters(stats_tree.city) == _from_member_rows(stats_tree.city)
    assert _as_dict(today.total) == _as_dict(
        coverage_for(root=stats_tree.city, today=dt.date(2026, 6, 15)).total
    )
    assert [_as_dict(r.figures) for r in today.children] == [
        _as_dict(r.figures) for r in coverage_for(root=stats_tree.city, today=dt.date(2026, 6, 15)).children
    ]
    assert today.ages_counted_at == NOON


def _grow(world, per_unit: int) -> None:
    for org in (world.org_a, world.org_b, world.county_y):
        for n in range(per_unit):
            MemberFactory.create(
                org=org, gender="FM"[n % 2], employment=("contract", "dispatched", "other")[n % 3]
            )


def _queries(root: Org) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        coverage = coverage_for(root=root)
    return len(ctx.captured_queries), coverage.total.members


def test_the_query_count_does_not_grow_with_the_members(world):
    # given a few members, then ten times as many
    _grow(world, 2)
    small = _queries(world.city)
    _grow(world, 18)
    large = _queries(world.city)
    # then: children, headcounts, counters, registrations, registrations per status
    assert (small[1], large[1]) == (7, 61)
    assert small[0] == large[0] == 5
    assert _from_counters(world.city) == _from_member_rows(world.city)


def test_the_page_says_when_the_age_bands_were_counted(client, stats_tree):
    # given
    client.force_login(make_cadre("city_admin", stats_tree.city))
    # when
    html = client.get(reverse("dashboards:dashboard_org", args=["CITY"])).content.decode()
    # then
    assert "年龄结构统计于 6月15日 12:00" in html
