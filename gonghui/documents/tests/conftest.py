"""Fixtures of the 公文 tests: the world's two admins (工会管理员, every 公文 action), admins of the city and of
甲县 who draft, their 核稿 (审核人) and 签发 (工会管理员) colleagues — city and county unions require three different
people — and a 公文收发员 of org A."""

from dataclasses import dataclass
from typing import Any

import pytest

from conftest import make_cadre
from gonghui.documents.permissions import CLERK_ROLE

from .factories import colleague, make_issued, officer


@dataclass
class DocWorld:
    world: Any
    city_officer: Any
    county_x_officer: Any
    clerk_a: Any
    city_reviewer: Any
    city_signer: Any
    county_x_reviewer: Any
    county_x_signer: Any


@pytest.fixture
def docs(world) -> DocWorld:
    return DocWorld(
        world=world,
        city_officer=officer("city_officer", world.city),
        county_x_officer=officer("cx_officer", world.county_x),
        clerk_a=make_cadre("clerk_a", world.org_a, role=CLERK_ROLE),
        city_reviewer=colleague(world.city, "review"),
        city_signer=colleague(world.city, "sign"),
        county_x_reviewer=colleague(world.county_x, "review"),
        county_x_signer=colleague(world.county_x, "sign"),
    )


@pytest.fixture
def city_notice(docs):
    """A city notice to both county unions and org A (three recipients), issued."""
    w = docs.world
    return make_issued(w.city, docs.city_officer, main_to="甲县教育工会、乙县教育工会、甲县第一中学工会")
