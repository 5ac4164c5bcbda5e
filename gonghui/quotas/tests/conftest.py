"""Fixtures of the quotas tests: the shared world, a 名额管理员 of the city union (which holds the sets), and
org A's and org B's admins made 名额管理员 of their unions (the built-in 工会管理员 does not carry `quotas.*` yet)."""

import pytest

from conftest import make_cadre
from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.quotas.permissions import OFFICER_ROLE


@pytest.fixture
def city_admin(world):
    return make_cadre("admin_city", world.city, role=OFFICER_ROLE)


@pytest.fixture
def officers(world):
    RoleGrantFactory.create(user=world.org_admin, role=OFFICER_ROLE, org=world.org_a)
    RoleGrantFactory.create(user=world.outsider, role=OFFICER_ROLE, org=world.org_b)
    forget_grants(world.org_admin)
    forget_grants(world.outsider)
    return world
