"""评分卡, 排名 and 排名与趋势 (part reports): what each shows, ties and the peer filter, 暂定 before freezing, the
three-actor permissions and constant query counts. County X runs the rounds; org A and two more schools of county X
are its targets."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_cadre
from gonghui.evaluations.models import Indicator
from gonghui.orgs.tests.factories import OrgFactory

from .factories_reports import Result, make_report_scheme, make_results


@dataclass
class Scene:
    world: Any
    county_admin: Any
    school_b: Any
    school_c: Any
    round_2020: Any
    round_2021: Any


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def scene(world):
    county_admin = make_cadre("county_x_admin", world.county_x)
    school_b = OrgFactory.create(parent=world.county_x, code="SCHB", name="甲县第二中学工会")
    school_c = OrgFactory.create(parent=world.county_x, code="SCHC", name="甲县实验小学工会")
    rounds = []
    for year, results in (
        (
            2020,
            [
                Result(
                    world.org_a,
                    Decimal("85"),
                    Decimal(7),
                    self_home=Decimal(9),
                    peer_group="中学",
                    gap_note="台账不全",
                ),
                Result(school_b, Decimal("95"), Decimal(7), passed=False, peer_group="中学"),
                Result(
                    school_c, Decimal("75"), Decimal(9), peer_group="小学", adjust_reason="补交了会议记录"
                ),
            ],
        ),
        (
            2021,
            [
                Result(world.org_a, Decimal("92"), Decimal(9), peer_group="中学"),
                Result(school_b, Decimal("80"), Decimal(6), peer_group="中学"),
                Result(school_c, Decimal("91"), Decimal(8), peer_group="小学"),
            ],
        ),
    ):
        scheme = make_report_scheme(org=world.county_x, actor=county_admin, year=year)
        rounds.append(make_results(scheme=scheme, actor=county_admin, results=results))
    return Scene(world, county_admin, school_b, school_c, *rounds)


def _target(round_, org):
    return round_.targets.get(org=org)


def test_scorecard_shows_what_each_indicator_earned_and_lost_and_why(scene):
    # given: org A 2020: 入会率 85 % → 8 of 10, 职工之家 7 of 10 (自评 9, gap noted), 职代会 passed 5
    target = _target(scene.round_2020, scene.world.org_a)
    # when
    response = _client(scene.county_admin).get(reverse("evaluations:scorecard", args=[target.public_id]))
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "暂定" not in page
    assert 'data-figure="total">20<' in page
    assert "入会率 85 ≥ 80，得 8 分" in page  # the rule's explanation of the 2 points lost
    assert "自评与考核分差异较大：台账不全" in page
    assert 'href="/members/?org=ORGA"' in page  # the records behind the value
    assert "职代会制度" in page
    assert "达标" in page
    card = response.context["card"]
    lost = {line.indicator.name: line.lost for block in card.dimensions for line in block.lines}
    assert lost == {"入会率": Decimal(2), "职工之家建设": Decimal(3), "职代会制度": Decimal(0)}
    assert [(b.dimension.name, b.available, b.earned) for b in card.dimensions] == [
        ("组织建设", Decimal(20), Decimal(15)),
        ("民主管理", Decimal(5), Decimal(5)),
    ]
    assert (card.standing.rank, card.standing.of, card.standing.peer_rank, card.standing.peers) == (
        1,
        3,
        1,
        2,
    )


def test_scorecard_names_a_recheck_adjustment_and_a_failed_veto(scene):
    adjusted = _target(scene.round_2020, scene.school_c)
    vetoed = _target(scene.round_2020, scene.school_b)
    client = _client(scene.county_admin)
    page_c = client.get(reverse("evaluations:scorecard", args=[adjusted.public_id])).content.decode()
    page_b = client.get(reverse("evaluations:scorecard", args=[vetoed.public_id])).content.decode()
    assert "复核调整：补交了会议记录" in page_c
    assert "不达标" in page_b
    assert "必备项不达标，等级封顶" in page_b
    assert vetoed.grade == "一星"


def test_scorecard_before_freezing_is_marked_provisional(scene):
    scheme = make_report_scheme(org=scene.world.county_x, actor=scene.county_admin, year=2022)
    round_ = make_results(
        scheme=scheme,
        actor=scene.county_admin,
        results=[Result(scene.world.org_a, Decimal(90), Decimal(10))],
        frozen=False,
    )
    client = _client(scene.county_admin)
    card = client.get(reverse("evaluations:scorecard", args=[_target(round_, scene.world.org_a).public_id]))
    table = client.get(reverse("evaluations:league", args=[round_.public_id]))
    assert "暂定" in card.content.decode()
    assert 'id="scorecard-provisional"' in card.content.decode()
    assert 'id="league-provisional"' in table.content.decode()


@pytest.mark.parametrize(
    ("actor", "expected", "_case"),
    [
        ("county_admin", 200, "the round's union"),
        ("org_admin", 200, "the target union itself"),
        ("org_member", 403, "a plain member of the target union"),
        ("outsider", 404, "the admin of another county's union"),
    ],
)
def test_scorecard_permissions(scene, actor, expected, _case):
    user = scene.county_admin if actor == "county_admin" else getattr(scene.world, actor)
    target = _target(scene.round_2020, scene.world.org_a)
    assert (
        _client(user).get(reverse("evaluations:scorecard", args=[target.public_id])).status_code == expected
    )


@pytest.mark.parametrize(
    ("actor", "expected", "_case"),
    [
        ("county_admin", 200, "the round's union"),
        ("org_admin", 404, "a target union does not see the others' league"),
        ("org_member", 403, "a plain member"),
        ("outsider", 404, "the admin of another county's union"),
    ],
)
def test_league_permissions(scene, actor, expected, _case):
    user = scene.county_admin if actor == "county_admin" else getattr(scene.world, actor)
    assert (
        _client(user).get(reverse("evaluations:league", args=[scene.round_2020.public_id])).status_code
        == expected
    )


def test_league_ranks_by_total_with_ties_and_filters_by_peer_group(scene):
    # given: 2020 totals: school B 10+7+0 = 17 (vetoed), org A 8+7+5 = 20, school C 5+9+5 = 19; a fourth ties org A
    extra = OrgFactory.create(parent=scene.world.county_x, code="SCHD", name="甲县第三中学工会")
    scheme = make_report_scheme(org=scene.world.county_x, actor=scene.county_admin, year=2023)
    round_ = make_results(
        scheme=scheme,
        actor=scene.county_admin,
        results=[
            Result(scene.world.org_a, Decimal(85), Decimal(7), peer_group="中学"),
            Result(scene.school_b, Decimal(95), Decimal(7), passed=False, peer_group="中学"),
            Result(scene.school_c, Decimal(75), Decimal(9), peer_group="小学"),
            Result(extra, Decimal(85), Decimal(7), peer_group="中学"),
        ],
    )
    client = _client(scene.county_admin)
    # when
    league = client.get(reverse("evaluations:league", args=[round_.public_id])).context["league"]
    peers = client.get(reverse("evaluations:league", args=[round_.public_id]), {"peer": "中学"}).context[
        "league"
    ]
    # then
    assert [(r.rank, r.target.org.code, r.target.total) for r in league.rows] == [
        (1, "ORGA", Decimal(20)),
        (1, "SCHD", Decimal(20)),
        (3, "SCHC", Decimal(19)),
        (4, "SCHB", Decimal(17)),
    ]
    assert [d.name for d in league.dimensions] == ["组织建设", "民主管理"]
    assert league.rows[3].subtotals == [Decimal(17), Decimal(0)]
    assert league.rows[3].vetoes_failed == 1
    assert league.peer_groups == ["中学", "小学"]
    assert [(r.peer_rank, r.rank, r.target.org.code) for r in peers.rows] == [
        (1, 1, "ORGA"),
        (1, 1, "SCHD"),
        (3, 4, "SCHB"),
    ]


def test_league_has_no_column_for_a_dimension_of_zero_point_veto_items(scene):
    # given: 民主管理 holds only the veto item, worth 0 points (as the demo's 必备项 按期换届)
    scheme = make_report_scheme(org=scene.world.county_x, actor=scene.county_admin, year=2024)
    round_ = make_results(
        scheme=scheme,
        actor=scene.county_admin,
        results=[
            Result(scene.world.org_a, Decimal(85), Decimal(7)),
            Result(scene.school_b, Decimal(95), Decimal(7)),
        ],
    )
    Indicator.objects.filter(scheme=scheme, number="3").update(points=Decimal(0))
    # when
    page = _client(scene.county_admin).get(reverse("evaluations:league", args=[round_.public_id]))
    # then
    league = page.context["league"]
    assert [d.name for d in league.dimensions] == ["组织建设"]
    assert all(len(row.subtotals) == 1 for row in league.rows)
    assert '<th class="text-end">民主管理</th>' not in page.content.decode()


def test_league_queries_do_not_grow_with_targets(scene, django_assert_max_num_queries):
    scheme = make_report_scheme(org=scene.world.county_x, actor=scene.county_admin, year=2024)
    many = [OrgFactory.create(parent=scene.world.county_x) for _ in range(12)]
    round_ = make_results(
        scheme=scheme, actor=scene.county_admin, results=[Result(o, Decimal(88), Decimal(8)) for o in many]
    )
    client = _client(scene.county_admin)
    url_small = reverse("evaluations:league", args=[scene.round_2020.public_id])
    url_big = reverse("evaluations:league", args=[round_.public_id])
    client.get(url_small)  # warm the session and grant caches
    with CaptureQueriesContext(connection) as small:
        client.get(url_small)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url_big)


def test_trends_show_totals_grades_and_ranks_across_years(scene):
    # when: org A's admin opens 排名与趋势 (their own union by default)
    response = _client(scene.world.org_admin).get(reverse("evaluations:trends"))
    # then
    trend = response.context["trend"]
    assert trend.org == scene.world.org_a
    assert [
        (p.year, p.target.total, p.target.grade, p.standing.rank, p.standing.peer_rank) for p in trend.points
    ] == [
        (2020, Decimal(20), "一星", 1, 1),
        (2021, Decimal(24), "一星", 1, 1),
    ]
    assert [p.subtotals for p in trend.points] == [
        {"组织建设": Decimal(15), "民主管理": Decimal(5)},
        {"组织建设": Decimal(19), "民主管理": Decimal(5)},
    ]
    assert trend.grade_years == []  # org A runs no rounds
    charts = response.context["charts"]["charts"]
    assert charts["totals"]["series"][0]["data"] == [20.0, 24.0]
    assert charts["totals"]["xAxis"]["data"] == ["2020年", "2021年"]
    page = response.content.decode()
    assert 'data-chart="totals"' in page
    assert "echarts.min.js" in page


def test_trends_of_the_round_union_show_the_grade_distribution_and_limit_the_picker(scene):
    response = _client(scene.county_admin).get(reverse("evaluations:trends"))
    trend = response.context["trend"]
    assert trend.org == scene.world.county_x
    assert [(g.round.period_end.year, g.total) for g in trend.grade_years] == [(2020, 3), (2021, 3)]
    assert sum(trend.grade_years[1].counts.values()) == 3
    choices = [code for code, _name in response.context["form"].fields["org"].choices]
    assert set(choices) == {"CX", "ORGA", "SCHB", "SCHC"}  # the county and its targets, not county Y's unions
    outside = _client(scene.county_admin).get(reverse("evaluations:trends"), {"org": "ORGB"})
    assert outside.status_code == 404


def test_trends_queries_do_not_grow_with_years(scene, django_assert_max_num_queries):
    client = _client(scene.world.org_admin)
    url = reverse("evaluations:trends")
    client.get(url)
    with CaptureQueriesContext(connection) as two_years:
        client.get(url)
    for year in (2022, 2023, 2024):
        scheme = make_report_scheme(org=scene.world.county_x, actor=scene.county_admin, year=year)
        make_results(
            scheme=scheme,
            actor=scene.county_admin,
            results=[Result(scene.world.org_a, Decimal(90), Decimal(9))],
        )
    with django_assert_max_num_queries(len(two_years.captured_queries)):
        response = client.get(url)
    assert len(response.context["trend"].points) == 5
