"""Fixtures for the orgs tests: cadres above org A, and a 分工会 inside org A that org A's admin may
move, deactivate and reactivate (those need authority over the parent)."""

import pytest

from conftest import make_cadre
from gonghui.accounts.roles import UNION_STAFF
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory


@pytest.fixture
def city_admin(world):
    """工会管理员 of the city union: manages the whole tree."""
    return make_cadre("city_admin", world.city)


@pytest.fixture
def county_x_admin(world):
    """工会管理员 of 甲县教育工会: manages org A but not 乙县 or the city."""
    return make_cadre("county_x_admin", world.county_x)


@pytest.fixture
def staff_a(world):
    """工会干事 of org A: may view orgs but not manage them."""
    return make_cadre("staff_a", world.org_a, role=UNION_STAFF)


@pytest.fixture
def branch_a(world) -> Org:
    """甲县第一中学高中部分工会, the only child of org A."""
    branch = OrgFactory.create(
        parent=world.org_a,
        code="ORGA-F1",
        name="甲县第一中学高中部分工会",
        unit_name="甲县第一中学",
        level=OrgLevel.BRANCH,
    )
    return Org.objects.get(pk=branch.pk)
