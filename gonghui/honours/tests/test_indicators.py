"""评选表彰 indicator sources: honours awarded in the period (not revoked by its end) and the 建家 self-check score
of the year's closed assessments, per union over its subtree."""

import datetime as dt
from decimal import Decimal

from gonghui.core.registry import Period, indicator_sources
from gonghui.honours.choices import HonourLevel
from gonghui.honours.models import Honour
from gonghui.honours.services.homes import home_assessment_close
from gonghui.honours.tests.test_homes import FULL, Homes, _assess, _self_check

D = dt.date


def _honour(world, org, *, awarded_on, member=None, revoked_on=None):
    return Honour.objects.create(
        org=org,
        member=member,
        holder_org=None if member else org,
        holder_name=member.name if member else org.name,
        title="优秀教职工之家",
        level=HonourLevel.values[0],
        year=awarded_on.year,
        awarded_by="测试市教科文卫体工会",
        awarded_on=awarded_on,
        revoked_on=revoked_on,
        created_by=world.org_admin,
    )


def test_awards_count_honours_of_the_period_not_revoked_by_its_end(world):
    # given: org A's member won one in 2025 and org A another (revoked in 2026); org B one in 2024
    _honour(world, world.org_a, awarded_on=D(2025, 4, 30), member=world.member_a)
    _honour(world, world.org_a, awarded_on=D(2025, 12, 1), revoked_on=D(2026, 2, 1))
    _honour(world, world.org_b, awarded_on=D(2024, 4, 30))
    source = indicator_sources.get("honours.awards")
    orgs = [world.city, world.county_x, world.org_b]

    # when
    values = source.values_for(orgs, Period.year(2025))

    # then: the revoked one still counted as of 2025-12-31
    assert {org.code: values[org.id].value for org in orgs} == {"CITY": 2, "CX": 2, "ORGB": 0}
    assert values[world.county_x.id].detail == "个人 1 项、集体 1 项"
    assert source.values_for([world.city], Period(D(2026, 1, 1), D(2026, 12, 31)))[world.city.id].value == 0


def test_home_score_is_the_units_self_total_and_the_mean_above(world):
    # given: the county's closed 2026 assessment: org A self-assessed 98 (assessed 91), its sibling did not
    homes = Homes(world)
    assessment = homes.opened()
    _self_check(homes, assessment, {**FULL, "会员评家": 13})
    _assess(homes, assessment, {**FULL, "会员评家": 10, "阵地建设": 6})
    home_assessment_close(assessment=assessment, actor=homes.admin)

    # when
    values = indicator_sources.get("honours.home_score").values_for(
        [world.city, world.county_x, world.org_a, homes.sibling, world.org_b], Period.year(2026)
    )

    # then
    assert values[world.org_a.id].value == Decimal("98.00")
    assert values[world.city.id].value == Decimal("98.00")
    assert values[world.county_x.id].detail == "1 个单位自评平均 98.00 分，考评平均 91.00 分"
    assert values[homes.sibling.id].value is None
    assert values[world.org_b.id].value is None
