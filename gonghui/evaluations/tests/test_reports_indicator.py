"""The "evaluations.latest_total" indicator source: the total of the latest frozen round ending by the period's
end in which the union itself was a target, its 评分卡 as the link, and one query whatever the number of unions."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_cadre
from gonghui.core.registry import Period, indicator_sources

from .factories_reports import Result, make_report_scheme, make_results

SOURCE = "evaluations.latest_total"


def test_latest_frozen_total_as_of_the_period_end(world):
    # given: org A scored 20 in 2020 and 24 in 2021 (frozen), 30 in a 2022 round still in 复核
    admin = make_cadre("county_x_admin", world.county_x)
    rounds = {}
    for year, rate, home, frozen in ((2020, 85, 7, True), (2021, 92, 9, True), (2022, 95, 10, False)):
        scheme = make_report_scheme(org=world.county_x, actor=admin, year=year)
        rounds[year] = make_results(
            scheme=scheme,
            actor=admin,
            results=[Result(world.org_a, Decimal(rate), Decimal(home))],
            frozen=frozen,
        )
    source = indicator_sources.get(SOURCE)
    orgs = [world.org_a, world.county_x, world.org_b]
    # when
    by_year = {year: source.values_for(orgs, Period.year(year)) for year in (2019, 2020, 2021, 2022)}
    # then
    assert [by_year[y][world.org_a.id].value for y in (2019, 2020, 2021, 2022)] == [
        None,
        Decimal(20),
        Decimal(24),
        Decimal(24),
    ]
    latest = by_year[2022][world.org_a.id]
    assert latest.url == reverse("evaluations:scorecard", args=[rounds[2021].targets.get().public_id])
    assert latest.detail == "2021年度考核：24 分，一星"
    assert by_year[2022][world.county_x.id].value is None  # the round's union was not itself a target
    assert by_year[2022][world.org_b.id].value is None
    assert (source.label, source.unit, source.kind, source.section) == (
        "量化考核得分",
        "分",
        "score",
        "量化评价",
    )
    mid_year = source.values_for(orgs, Period(dt.date(2021, 1, 1), dt.date(2021, 6, 30)))
    assert mid_year[world.org_a.id].value == Decimal(20)
    # a round frozen before its period ends (the 2021 round frozen in November) counts for 本年至今 from then on
    type(rounds[2021]).objects.filter(pk=rounds[2021].pk).update(
        frozen_at=dt.datetime(2021, 11, 20, 2, tzinfo=dt.UTC)
    )
    so_far = source.values_for(orgs, Period(dt.date(2021, 1, 1), dt.date(2021, 12, 1)))
    assert so_far[world.org_a.id].value == Decimal(24)


def test_one_query_for_200_or_2000_unions(world):
    source = indicator_sources.get(SOURCE)
    counts = []
    for n in (200, 2000):
        orgs = [SimpleNamespace(id=world.org_a.id + i) for i in range(n)]
        with CaptureQueriesContext(connection) as queries:
            values = source.values_for(orgs, Period.year(2020))
        assert len(values) == n
        counts.append(len(queries.captured_queries))
    assert counts == [1, 1]
