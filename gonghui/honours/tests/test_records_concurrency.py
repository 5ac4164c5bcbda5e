"""PostgreSQL: an honour revoked by two cadres at the same instant is revoked once (one timeline row, the first
reason kept); the other is told it is already revoked. The row lock in `honour_revoke` backs the state check."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.models import TimelineEntry
from gonghui.honours.choices import HonourLevel
from gonghui.honours.models import Honour
from gonghui.honours.services.records import honour_record, honour_revoke

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 5


def test_concurrent_revokes_revoke_once(world, run_concurrently):
    honour = honour_record(
        org=world.org_a,
        actor=world.org_admin,
        member=world.member_a,
        title="全国五一劳动奖章",
        level=HonourLevel.NATIONAL,
        year=2019,
        awarded_by="中华全国总工会",
        awarded_on=dt.date(2019, 4, 30),
    )
    results, errors = run_concurrently(
        *[
            lambda n=n: honour_revoke(honour=honour, actor=world.org_admin, reason=f"原因{n}")
            for n in range(THREADS)
        ]
    )
    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, ValidationError) and "已撤销" in str(e) for e in errors)
    assert Honour.objects.get(pk=honour.pk).revoke_reason == results[0].revoke_reason
    assert TimelineEntry.objects.filter(object_id=str(honour.pk), action="revoke").count() == 1
