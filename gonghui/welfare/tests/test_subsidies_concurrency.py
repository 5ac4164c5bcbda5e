"""PostgreSQL: a union's spendings recorded at the same instant never add up past its own share — the allocation
row lock in `subsidy_spend` backs the check — and a spending racing the union's sharing-out never lets both pass."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.welfare.models import SubsidySpending
from gonghui.welfare.services.subsidies import subsidy_allocate, subsidy_spend
from gonghui.welfare.tests.factories_subsidies import shared_subsidy, subsidy_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 4


def _spend(subsidy, org, actor, amount):
    return lambda: subsidy_spend(
        subsidy=subsidy,
        org=org,
        amount=Decimal(amount),
        spent_on=dt.date(2020, 2, 1),
        purpose="慰问一线医护人员",
        recipient_name="外援医护人员",
        actor=actor,
    )


def test_concurrent_spendings_stay_within_the_share(world, run_concurrently):
    # given: org A holds 3000; four spendings of 1000 at once
    sw = subsidy_world(world)
    subsidy = shared_subsidy(world, sw, org_a=3000)
    # when
    results, errors = run_concurrently(
        *[_spend(subsidy, world.org_a, sw.county_admin, "1000") for _ in range(THREADS)]
    )
    # then
    assert (len(results), len(errors)) == (3, 1)
    assert "本级尚余 0.00 元可用" in str(errors[0])
    assert sum(s.amount for s in SubsidySpending.objects.all()) == Decimal("3000.00")


def test_a_spending_racing_a_share_out_never_lets_both_pass(world, run_concurrently):
    # given: 甲县 holds 6000 and passed 3000 down; it spends 3000 while sharing 3000 more to its other school
    sw = subsidy_world(world)
    subsidy = shared_subsidy(world, sw, org_a=3000)
    # when
    results, errors = run_concurrently(
        _spend(subsidy, world.county_x, sw.county_admin, "3000"),
        lambda: subsidy_allocate(
            subsidy=subsidy, giver=world.county_x, shares={sw.second_school.pk: 3000}, actor=sw.county_admin
        ),
    )
    # then
    assert (len(results), len(errors)) == (1, 1)
    assert isinstance(errors[0], ValidationError)
