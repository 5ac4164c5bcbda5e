"""The 报送 world on top of the root `world`: a sender at the city, a cadre of 甲县 (the intermediate union
between the city and org A) and the 报送 actions for org A's admin and the outsider (org B's admin)."""

from dataclasses import dataclass
from typing import Any

import pytest

from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.orgs.tests.factories import OrgFactory

from .factories import grant_reports, make_task, report_cadre


@dataclass
class ReportWorld:
    world: Any
    city_admin: Any
    county_admin: Any
    branch: Org


@pytest.fixture
def rw(world) -> ReportWorld:
    grant_reports(world.org_admin, world.org_a)
    grant_reports(world.outsider, world.org_b)
    branch = OrgFactory.create(
        parent=world.org_a, code="ORGA1", name="甲县第一中学工会第一分会", level=OrgLevel.BRANCH
    )
    return ReportWorld(
        world=world,
        city_admin=report_cadre("city_rep", world.city),
        county_admin=report_cadre("cx_rep", world.county_x),
        branch=Org.objects.get(pk=branch.pk),
    )


@pytest.fixture
def city_task(rw):
    """A form task of the city to every grassroots union (org A, org B) and below (the branch is a branch)."""
    w = rw.world
    return make_task(
        org=w.city,
        actor=rw.city_admin,
        targets=[OrgTarget(kind=TargetKind.LEVEL, org_id=w.city.pk, level=OrgLevel.GRASSROOTS)],
    )
