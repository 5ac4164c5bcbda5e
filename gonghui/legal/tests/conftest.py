"""Fixtures of the 法律服务 tests: 法律服务干事 of org A and org B (the role of this app), a lawyer
registered at org A and one registered at the city, each with their own login."""

import pytest

from conftest import make_cadre

from .factories import make_lawyer

HANDLER_ROLE = "legal_handler"


@pytest.fixture
def handler_a(world):
    return make_cadre("legal_a", world.org_a, role=HANDLER_ROLE)


@pytest.fixture
def handler_b(world):
    return make_cadre("legal_b", world.org_b, role=HANDLER_ROLE)


@pytest.fixture
def lawyer_a(world):
    return make_lawyer(world.org_a, name="甲律师")


@pytest.fixture
def lawyer_city(world):
    return make_lawyer(world.city, name="市律师")
