"""入会率 of a 联合基层工会 (issue 13 item 20): serving members ÷ the sum of its covered units' headcounts, on the
union's own figures and in its county's total."""

import datetime as dt

import pytest

from conftest import make_cadre
from gonghui.dashboards.selectors import coverage_for
from gonghui.members.choices import Employment, MemberStatus
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import Org
from gonghui.orgs.services.covered import covered_unit_add, covered_unit_remove
from gonghui.orgs.tests.factories import OrgFactory

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def joint(world) -> Org:
    """甲县城关联合工会 under 甲县, covering three small units: 10/2/0, 8/4/1 and 5/0/0 staff (30 in all)."""
    org = OrgFactory.create(
        parent=world.county_x,
        code="CX-LH",
        name="甲县城关联合工会",
        unit_name="城关镇小微学校",
        is_joint=True,
    )
    admin = make_cadre("joint_admin", org)
    for name, counts in (
        ("甲县红星小学", (10, 2, 0)),
        ("甲县希望小学", (8, 4, 1)),
        ("甲县阳光幼儿园", (5, 0, 0)),
    ):
        covered_unit_add(
            org=org,
            actor=admin,
            data=dict(
                zip(
                    ("name", "headcount_established", "headcount_contract", "headcount_dispatched"),
                    (name, *counts),
                    strict=True,
                )
            ),
        )
    for employment, status in (
        (Employment.ESTABLISHED, MemberStatus.ACTIVE),
        (Employment.ESTABLISHED, MemberStatus.ACTIVE),
        (Employment.CONTRACT, MemberStatus.ACTIVE),
        (Employment.DISPATCHED, MemberStatus.ACTIVE),
        (Employment.ESTABLISHED, MemberStatus.RETIRED_KEPT),  # a member, not serving staff
    ):
        MemberFactory.create(org=org, employment=employment, status=status)
    return Org.objects.get(pk=org.pk)


def test_the_join_rate_of_a_joint_union_counts_across_its_units(joint):
    figures = coverage_for(root=joint, today=TODAY).total
    assert figures.headcount == 30  # 23 + 6 + 1 over the three units
    assert figures.serving == 4
    assert figures.join_rate == round(100 * 4 / 30, 1)
    assert figures.contract_join_rate == round(100 * 1 / 6, 1)
    assert figures.dispatched_join_rate == round(100 * 1 / 1, 1)


def test_the_county_counts_the_joint_unions_units_once(world, joint):
    # given: 甲县 and org A record no headcount of their own
    Org.objects.filter(pk__in=[world.county_x.pk, world.org_a.pk]).update(
        headcount_established=0, headcount_contract=0, headcount_dispatched=0
    )
    coverage = coverage_for(root=world.county_x, today=TODAY)
    row = next(r for r in coverage.children if r.org.code == "CX-LH")
    assert row.figures.headcount == 30
    assert coverage.total.headcount == 30


def test_removing_a_unit_changes_the_rate(joint):
    unit = joint.covered_units.get(name="甲县阳光幼儿园")
    covered_unit_remove(unit=unit, actor=make_cadre("joint_admin2", joint))
    assert coverage_for(root=joint, today=TODAY).total.join_rate == round(100 * 4 / 25, 1)
