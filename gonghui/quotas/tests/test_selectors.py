"""Reading 名额: the allocation tree with used and remaining per line, the set's summary, and the scoped lists."""

import pytest

from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quotas.permissions import VIEW
from gonghui.quotas.selectors import (
    allocation_of,
    allocations_for_owner,
    allocations_received_by,
    quota_sets_visible_to,
    quota_tree,
    set_summary,
)
from gonghui.quotas.services import quota_allocate, quota_use

from .factories import make_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def allocated(world, city_admin):
    quota_set = make_set(org=world.city, actor=city_admin, total=10)
    county_x, county_y = quota_allocate(
        quota_set=quota_set, shares={world.county_x.pk: 6, world.county_y.pk: 3}, actor=city_admin
    )
    second = OrgFactory.create(parent=world.county_x, name="甲县第二中学工会")
    school, _second = quota_allocate(
        quota_set=quota_set, parent=county_x, shares={world.org_a.pk: 3, second.pk: 2}, actor=city_admin
    )
    quota_use(allocation=school, owner=world.org_a, count=2, actor=city_admin)
    quota_use(allocation=county_x, owner=world.county_x, actor=city_admin)
    quota_use(allocation=county_y, owner=world.county_y, actor=city_admin)
    return quota_set


def test_the_tree_lists_every_level_with_used_and_remaining(allocated, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        rows = quota_tree(allocated)
    assert [
        (row.depth, row.org.name, row.allocated, row.sub_allocated, row.used, row.used_below, row.remaining)
        for row in rows
    ] == [
        (0, "甲县教育工会", 6, 5, 1, 3, 0),
        (1, "甲县第一中学工会", 3, 0, 2, 2, 1),
        (1, "甲县第二中学工会", 2, 0, 0, 0, 2),
        (0, "乙县教育工会", 3, 0, 1, 1, 2),
    ]


def test_the_set_summary(allocated):
    summary = set_summary(allocated)
    assert (summary.total, summary.allocated, summary.unallocated, summary.used, summary.remaining) == (
        10,
        9,
        1,
        4,
        6,
    )


def test_lookups_of_a_union_s_allocation(world, allocated):
    school = allocation_of(allocated, world.org_a)
    assert school is not None
    assert school.allocated == 3
    assert allocation_of(allocated, world.org_b) is None
    owned = make_set(org=world.city, actor=allocated.created_by, owner=world.city, title="有主名额")
    quota_allocate(quota_set=owned, shares={world.county_y.pk: 1}, actor=allocated.created_by)
    assert owned.owner_type_id is not None
    found = allocations_for_owner(owned.owner_type_id, world.city.pk, world.county_y)
    assert [a.quota_set for a in found] == [owned]


def test_the_lists_are_scoped_to_the_user_s_subtrees(officers, allocated, city_admin):
    world = officers
    assert list(quota_sets_visible_to(city_admin, VIEW)) == [allocated]
    assert list(quota_sets_visible_to(city_admin, VIEW, query="优秀")) == [allocated]
    assert list(quota_sets_visible_to(city_admin, VIEW, query="没有")) == []
    assert list(quota_sets_visible_to(world.org_admin, VIEW)) == []  # held above org A
    assert list(quota_sets_visible_to(world.org_member, VIEW)) == []
    assert [a.allocated for a in allocations_received_by(world.org_admin, VIEW, world.org_a)] == [3]
    assert list(allocations_received_by(world.outsider, VIEW, world.org_a)) == []
    assert list(allocations_received_by(world.org_member, VIEW, world.org_a)) == []
