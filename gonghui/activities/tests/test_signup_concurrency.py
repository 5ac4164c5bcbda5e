"""PostgreSQL: two members take the last place of an activity at the same instant — one is 已报名, the other
候补中, never two confirmed. The lock on the activity's row in `registration_sign_up` backs the count."""

import pytest

from gonghui.activities.choices import RegistrationStatus
from gonghui.activities.models import Registration

from .factories_signup import make_members, make_signup_activity, sign_up

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_members_taking_the_last_place_at_once_confirm_one(world, run_concurrently):
    activity = make_signup_activity(org=world.org_a, actor=world.org_admin, capacity=2)
    holder, first, second = make_members(world.org_a, 3)
    sign_up(activity, holder)
    results, errors = run_concurrently(*[lambda m=member: sign_up(activity, m) for member in (first, second)])
    assert errors == []
    assert sorted(r.status for r in results) == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    confirmed = Registration.objects.filter(activity=activity, status=RegistrationStatus.CONFIRMED)
    assert confirmed.count() == 2
    assert len({r.number for r in results}) == 2
