"""PostgreSQL: a 慰问 submitted four times at the same instant pays once (one payment row, one ledger entry, every
caller gets the same payment); two 慰问 of different dates at the same instant under a once-a-year standard — the
member's row lock in `condolence_pay` serialises the count, so one is paid and the other refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gonghui.ledger.models import LedgerEntry
from gonghui.welfare.models import CondolencePayment

from .factories_condolences import condolence_line, make_payment, make_standard

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 4


def test_concurrent_double_submit_pays_once(world, run_concurrently):
    admin = world.org_admin
    make_standard(admin, world.org_a)
    line = condolence_line(world.org_a)
    results, errors = run_concurrently(
        *[lambda: make_payment(admin, world.org_a, world.member_a, line) for _ in range(THREADS)]
    )
    assert errors == []
    assert len({payment.pk for payment in results}) == 1
    assert CondolencePayment.objects.count() == 1
    assert LedgerEntry.objects.count() == 1


def test_concurrent_entries_keep_the_times_per_year(world, run_concurrently):
    admin = world.org_admin
    make_standard(admin, world.org_a, times=1)
    line = condolence_line(world.org_a)
    results, errors = run_concurrently(
        lambda: make_payment(admin, world.org_a, world.member_a, line, on=dt.date(2026, 3, 2)),
        lambda: make_payment(admin, world.org_a, world.member_a, line, on=dt.date(2026, 4, 2)),
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert "超出慰问次数" in str(errors[0])
    assert LedgerEntry.objects.count() == 1
