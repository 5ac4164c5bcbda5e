"""PostgreSQL: twenty concurrent uses of an allocation with three places left — exactly three succeed, the others
are refused with 「名额已用完」 (the allocation row is locked before the places are counted); five concurrent
first-level allocations of 4 places out of 10 — exactly two fit (the set row is locked)."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quotas.models import QuotaUse
from gonghui.quotas.selectors import allocation_remaining, set_allocated
from gonghui.quotas.services import EXHAUSTED, quota_allocate, quota_use

from .factories import make_set

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 20


def test_twenty_concurrent_uses_of_three_places(world, city_admin, run_concurrently):
    # given an allocation of 5 places with 2 already used
    quota_set = make_set(org=world.city, actor=city_admin, total=10)
    [county] = quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 5}, actor=city_admin)
    quota_use(allocation=county, owner=world.county_x, count=2, actor=city_admin)
    owners = [OrgFactory.create(parent=world.county_x, name=f"推荐对象{n}") for n in range(THREADS)]
    # when twenty take one place each at the same instant
    results, errors = run_concurrently(
        *[lambda owner=owner: quota_use(allocation=county, owner=owner, actor=city_admin) for owner in owners]
    )
    # then
    assert len(results) == 3
    assert len(errors) == THREADS - 3
    assert all(isinstance(error, ValidationError) and error.messages == [EXHAUSTED] for error in errors)
    assert QuotaUse.objects.filter(allocation=county, released_at__isnull=True).count() == 4
    assert allocation_remaining(county) == 0


def test_concurrent_allocations_never_exceed_the_total(world, city_admin, run_concurrently):
    # given a set of 10 places and five county unions
    quota_set = make_set(org=world.city, actor=city_admin, total=10)
    counties = [OrgFactory.create(parent=world.city, name=f"丙{n}县教育工会") for n in range(5)]
    # when each is given 4 places at the same instant
    results, errors = run_concurrently(
        *[
            lambda county=county: quota_allocate(quota_set=quota_set, shares={county.pk: 4}, actor=city_admin)
            for county in counties
        ]
    )
    # then only two fit; the others are refused naming the total
    assert len(results) == 2
    assert len(errors) == 3
    assert all(
        "超过可分配的 10 个" in " ".join(error.messages)
        for error in errors
        if isinstance(error, ValidationError)
    )
    assert all(isinstance(error, ValidationError) for error in errors)
    assert set_allocated(quota_set) == 8
