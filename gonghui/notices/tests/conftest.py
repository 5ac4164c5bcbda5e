"""Fixtures of the notices tests: the three actors of the shared world, org A's and org B's admins made 公示管理员
of their unions (the built-in 工会管理员 does not carry `notices.*` yet), and the test-only owner kind."""

import pytest

from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.notices.permissions import OFFICER_ROLE

from .kinds import CALLS, ensure_test_kind


@pytest.fixture
def officers(world):
    RoleGrantFactory.create(user=world.org_admin, role=OFFICER_ROLE, org=world.org_a)
    RoleGrantFactory.create(user=world.outsider, role=OFFICER_ROLE, org=world.org_b)
    forget_grants(world.org_admin)
    forget_grants(world.outsider)
    return world


@pytest.fixture
def test_kind() -> str:
    CALLS.clear()
    return ensure_test_kind()
