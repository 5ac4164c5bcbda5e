"""Fixtures of the 公文 tests. Until union_admin carries the documents.* actions, the world's two admins also
hold this app's 公文管理员 role on their own unions, and the upper unions get officers of their own."""

from dataclasses import dataclass
from typing import Any

import pytest

from conftest import make_cadre
from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.documents.permissions import CLERK_ROLE, OFFICER_ROLE

from .factories import make_issued, officer


@dataclass
class DocWorld:
    world: Any
    city_officer: Any
    county_x_officer: Any
    clerk_a: Any


@pytest.fixture
def docs(world) -> DocWorld:
    RoleGrantFactory.create(user=world.org_admin, role=OFFICER_ROLE, org=world.org_a)
    RoleGrantFactory.create(user=world.outsider, role=OFFICER_ROLE, org=world.org_b)
    forget_grants(world.org_admin)
    forget_grants(world.outsider)
    return DocWorld(
        world=world,
        city_officer=officer("city_officer", world.city),
        county_x_officer=officer("cx_officer", world.county_x),
        clerk_a=make_cadre("clerk_a", world.org_a, role=CLERK_ROLE),
    )


@pytest.fixture
def city_notice(docs):
    """A city notice to both county unions and org A (three recipients), issued."""
    w = docs.world
    return make_issued(w.city, docs.city_officer, main_to="甲县教育工会、乙县教育工会、甲县第一中学工会")
