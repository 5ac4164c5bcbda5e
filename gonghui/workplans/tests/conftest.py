import pytest

from gonghui.accounts.scoping import forget_grants

from .factories import grant_officer, import_plan, make_officer


@pytest.fixture
def officers(world):
    """org A's admin and org B's admin (the outsider) get the workplans actions on their own unions."""
    grant_officer(world.org_admin, world.org_a)
    grant_officer(world.outsider, world.org_b)
    forget_grants(world.org_admin)
    forget_grants(world.outsider)
    return world


@pytest.fixture
def plan_a(officers):
    return import_plan(officers.org_a, actor=officers.org_admin)


@pytest.fixture
def city_officer(world):
    return make_officer("city_officer", world.city)


@pytest.fixture
def county_x_officer(world):
    return make_officer("cx_officer", world.county_x)


@pytest.fixture
def city_plan(city_officer, world):
    return import_plan(
        world.city,
        actor=city_officer,
        title="测试市教科文卫体工会2020年工作要点",
        doc_number="测工〔2020〕8号",
    )
