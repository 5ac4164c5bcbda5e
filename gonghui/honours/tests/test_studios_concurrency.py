"""PostgreSQL: a 新命名经费 tranche clicked five times at the same instant is paid once — one `StudioTranche`, one
ledger entry under the tranche's key, the budget line charged once."""

import datetime as dt
from decimal import Decimal

import pytest

from conftest import make_cadre
from gonghui.honours.choices import TrancheKind
from gonghui.honours.models import StudioTranche
from gonghui.honours.services.studios import studio_mark_named, tranche_pay
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.selectors import line_remaining
from gonghui.ledger.tests.factories import make_line

from .factories import make_studio, make_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
CLICKS = 5


def test_concurrent_clicks_pay_the_tranche_once(world, run_concurrently):
    city_admin = make_cadre("admin_city", world.city)
    leader = make_worker(org=world.org_a, actor=world.org_admin)
    studio = make_studio(org=world.org_a, leader=leader, actor=world.org_admin)
    studio = studio_mark_named(studio=studio, named_on=dt.date(2026, 5, 1), level="", actor=city_admin)
    line = make_line(world.city, amount="120000", purpose="创新工作室经费")
    results, errors = run_concurrently(
        *[
            lambda: tranche_pay(
                studio=studio, kind=TrancheKind.NEW, year=2026, budget_line=line, actor=city_admin
            )
            for _ in range(CLICKS)
        ]
    )
    assert errors == []
    assert len({tranche.pk for tranche in results}) == 1
    assert StudioTranche.objects.count() == 1
    assert LedgerEntry.objects.filter(idempotency_key=f"honours.studio:{studio.pk}:new:2026").count() == 1
    assert line_remaining(line) == Decimal("70000")
