"""PostgreSQL: the same 会员码 posted 10 times at once checks the member in exactly once; the others are told 已签到."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.checkins.models import CheckIn
from gonghui.checkins.services import checkin_validate

from .factories import code_of, make_session

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 10


def test_the_same_code_posted_ten_times_at_once_checks_in_once(world, run_concurrently):
    session = make_session(org=world.org_a, actor=world.org_admin)
    payload = code_of(world.member_a)
    results, errors = run_concurrently(
        *[
            lambda: checkin_validate(target=session, payload=payload, actor=world.org_admin)
            for _ in range(THREADS)
        ]
    )
    assert CheckIn.objects.count() == 1
    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, ValidationError) and e.code == "already" for e in errors)
