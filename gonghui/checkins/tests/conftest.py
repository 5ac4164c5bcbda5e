"""Fixtures of the check-in tests: org A's open session made by org A's admin (工会管理员 carries checkins.*)."""

import pytest

from .factories import make_session


@pytest.fixture
def session_a(world):
    return make_session(org=world.org_a, actor=world.org_admin)
