"""One definition per figure (issue 13 item 12): 未建会单位 is the same number on the console home and on the
数据看板 for the same org (orgs.selectors.unfounded_units), and 入会率 counts serving (在籍) members only —
retirees who keep their membership are left out — over the headcount, "—" when the headcount is 0."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from conftest import make_cadre
from gonghui.dashboards.selectors import coverage_for, join_rate
from gonghui.members.choices import Employment, MemberStatus
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import unfounded_units, unfounded_units_by_status

NOON = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(NOON, tick=False):
        yield


def _home_counter(client, user) -> int:
    client.force_login(user)
    r = client.get(reverse("home"))
    assert r.status_code == 200
    return int({c["label"]: c["value"] for c in r.context["counters"]}["未建会单位"])


def _dashboard_figures(client, user, code: str) -> dict[str, str]:
    client.force_login(user)
    r = client.get(reverse("dashboards:dashboard_org", args=[code]))
    assert r.status_code == 200
    return dict(re.findall(r'data-figure="(\w+)">([^<]*)<', r.content.decode()))


@pytest.mark.parametrize(("attr", "code", "expected"), [("city", "CITY", 4), ("county_x", "CX", 2)])
def test_home_and_dashboard_show_the_same_unfounded_units(client, stats_tree, attr, code, expected):
    # given: registrations in every state before 已建会 (未建会, 已申请, 未通过, 发展会员中) and one 已建会
    org = getattr(stats_tree, attr)
    admin = make_cadre(f"{attr}_admin", org)
    # when
    on_home = _home_counter(client, admin)
    on_dashboard = _dashboard_figures(client, admin, code)["unfounded"]
    # then
    assert on_home == expected
    assert on_dashboard == str(expected)
    assert unfounded_units(within=org).count() == expected


def test_join_rate_leaves_out_retirees(stats_tree):
    # given: org A has 130 staff (100 在编, 20 非在编, 10 派遣) and members a, m1, m2 serving, m3 retired (保留会籍)
    org_a = stats_tree.org_a
    MemberFactory.create(org=org_a, employment=Employment.CONTRACT, status=MemberStatus.RETIRED_KEPT)
    MemberFactory.create(org=org_a, employment=Employment.DISPATCHED, status=MemberStatus.RETIRED_KEPT)
    # when
    coverage = coverage_for(root=org_a, today=NOON.date())
    total = coverage.total
    # then: the retirees are members, but not in 入会率's numerator, overall or per 用工性质
    assert total.members == 7  # member_a, m1, m2, m3, m5 and the two new retirees
    assert total.serving == 4  # member_a, m1, m2, m5 (branch)
    assert total.join_rate == round(100 * 4 / 135, 1)
    assert total.contract_join_rate == round(100 * 1 / 20, 1)
    assert total.dispatched_join_rate == round(100 * 1 / 10, 1)


def test_join_rate_is_a_dash_when_the_headcount_is_zero(client, stats_tree):
    # given: 乙县 has one serving member and no headcount of its own
    county_y = stats_tree.county_y
    Org.objects.filter(pk=stats_tree.org_b.pk).update(
        headcount_established=0, headcount_contract=0, headcount_dispatched=0
    )
    admin = make_cadre("county_y_admin", county_y)
    # when
    figures = _dashboard_figures(client, admin, "CY")
    # then
    assert coverage_for(root=county_y, today=NOON.date()).total.join_rate is None
    assert figures["join_rate"] == "—"
    assert join_rate(3, 0) is None
    assert join_rate(3, None) is None
    assert join_rate(1, 8) == 12.5


# ---- 未建会单位 per 建会 status (one selector groups them: orgs.selectors.unfounded_units_by_status) ----------


UNFOUNDED_LABELS = ["未建会", "已申请", "未通过", "已线下批准", "发展会员中", "已组建小组", "筹备会员大会"]


def test_the_breakdown_lists_every_unfounded_status_and_sums_to_the_count(stats_tree):
    # given: 甲县 has 未建会 1, 已申请 1 (and one 已建会, not counted); the city adds 乙县's 未通过 and its own 发展会员中
    by_status = unfounded_units_by_status(within=stats_tree.city)
    # then: every status before 已建会, in the flow's order, zeros included
    assert [label for _s, label, _n in by_status] == UNFOUNDED_LABELS
    assert {label: n for _s, label, n in by_status if n} == {
        "未建会": 1,
        "已申请": 1,
        "未通过": 1,
        "发展会员中": 1,
    }
    assert sum(n for *_x, n in by_status) == unfounded_units(within=stats_tree.city).count() == 4
    assert {label: n for _s, label, n in unfounded_units_by_status(within=stats_tree.county_x) if n} == {
        "未建会": 1,
        "已申请": 1,
    }


def test_the_dashboard_shows_the_breakdown_and_agrees_with_the_home_counter(client, stats_tree):
    # given
    admin = make_cadre("city_admin", stats_tree.city)
    # when
    on_home = _home_counter(client, admin)
    figures = _dashboard_figures(client, admin, "CITY")
    # then: the card's count, its per-status parts and the home counter are one number
    parts = {k.removeprefix("unfounded_"): int(v) for k, v in figures.items() if k.startswith("unfounded_")}
    assert parts == {"not_founded": 1, "applied": 1, "rejected": 1, "developing": 1}
    assert sum(parts.values()) == int(figures["unfounded"]) == on_home == 4
