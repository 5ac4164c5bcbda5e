"""Who may create and allocate 名额, with three actors: org A's admin, org A's plain member, org B's admin (each
union's admin made 名额管理员, which the built-in 工会管理员 does not carry yet)."""

import pytest

from gonghui.quotas.permissions import can_allocate, can_create_set
from gonghui.quotas.services import quota_allocate

from .factories import make_set

pytestmark = pytest.mark.django_db


def test_only_the_union_s_officer_creates_its_sets(officers):
    world = officers
    assert can_create_set(world.org_admin, world.org_a)
    assert not can_create_set(world.org_member, world.org_a)
    assert not can_create_set(world.outsider, world.org_a)
    assert not can_create_set(world.org_admin, world.county_x)  # not upwards


def test_the_holder_allocates_and_the_receiving_union_re_allocates(officers, city_admin):
    world = officers
    quota_set = make_set(org=world.city, actor=city_admin)
    assert can_allocate(city_admin, quota_set)
    for user in (world.org_admin, world.org_member, world.outsider):
        assert not can_allocate(user, quota_set)
    quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 4}, actor=city_admin)
    school_set = make_set(org=world.county_x, actor=city_admin)
    [school] = quota_allocate(quota_set=school_set, shares={world.org_a.pk: 2}, actor=city_admin)
    assert can_allocate(world.org_admin, school_set, parent=school)
    assert not can_allocate(world.org_member, school_set, parent=school)
    assert not can_allocate(world.outsider, school_set, parent=school)
    assert can_allocate(city_admin, school_set, parent=school)  # from above, too
