"""Fixtures for the appeals tests: handlers of org A and org B (维权干事), a 维权督办 of the city union, a
handler of org A designated for 女职工权益, a lawyer, and a member of org B."""

import pytest

from conftest import make_cadre, make_member_user
from gonghui.appeals.models import HandlerDesignation
from gonghui.appeals.tests.factories import category


@pytest.fixture
def handler_a(world):
    return make_cadre("handler_a", world.org_a, role="appeals_handler")


@pytest.fixture
def handler_b(world):
    return make_cadre("handler_b", world.org_b, role="appeals_handler")


@pytest.fixture
def supervisor(world):
    return make_cadre("supervisor", world.city, role="appeals_supervisor")


@pytest.fixture
def women_handler_a(world):
    user = make_cadre("women_a", world.org_a, role="appeals_handler")
    HandlerDesignation.objects.create(user=user, org=world.org_a, category=category("women"))
    return user


@pytest.fixture
def lawyer(world):
    return make_cadre("lawyer_x", world.county_x, role="lawyer")


@pytest.fixture
def member_b(world):
    _user, member = make_member_user("13700002222", world.org_b, name="乙会员")
    return member
