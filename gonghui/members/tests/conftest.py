"""Fixtures for the members tests: a 工会干事 of org A, who may view and manage members but not
reveal their full identity numbers."""

import pytest

from conftest import make_cadre
from gonghui.accounts.roles import UNION_STAFF


@pytest.fixture
def staff_a(world):
    return make_cadre("staff_a", world.org_a, role=UNION_STAFF)


@pytest.fixture
def county_admin_y(world):
    """工会管理员 of 乙县教育工会, above org B."""
    return make_cadre("county_y_admin", world.county_y)


@pytest.fixture
def city_admin(world):
    return make_cadre("city_admin", world.city)
