"""PostgreSQL: two organisers record a spending of 300 yuan on a 500-yuan budget at the same instant — one is
recorded, the other is told what is left. The lock on the activity's row in `spending_add` backs the sum."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_cadre
from gonghui.activities.models import ActivitySpending
from gonghui.activities.services.events import spending_add

from .factories_events import create_activity

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_concurrent_spendings_never_pass_the_budget(world, run_concurrently):
    activity = create_activity(org=world.org_a, actor=world.org_admin, budget=Decimal("500.00"))
    organisers = [world.org_admin, make_cadre("ev_staff", world.org_a)]
    today = timezone.localdate()
    results, errors = run_concurrently(
        *[
            lambda who=who: spending_add(
                activity=activity, amount="300", purpose="奖品", spent_on=today, actor=who
            )
            for who in organisers
        ]
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert "尚余 200.00 元" in str(errors[0])
    assert ActivitySpending.objects.filter(activity=activity).count() == 1
