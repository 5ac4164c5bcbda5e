"""PostgreSQL: the same title registered for one member by several cadres at once ends in one record (the member
row is locked, the partial unique constraint backs it) and the flag set once; a title revoked while another title
of the same member is registered leaves the flag true (both writes sync it under the member's lock)."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.models import AuditLog
from gonghui.honours.choices import WorkerKind, WorkerLevel, WorkerStatus
from gonghui.honours.models import ModelWorker
from gonghui.honours.services.workers import worker_create, worker_update

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _create(world, title="焦作市劳动模范", year=2018):
    return worker_create(
        org=world.org_a,
        member=world.member_a,
        kind=WorkerKind.MODEL_WORKER,
        level=WorkerLevel.CITY,
        title=title,
        year=year,
        actor=world.org_admin,
    )


def test_one_title_registered_five_times_at_once(world, run_concurrently):
    results, errors = run_concurrently(*[lambda: _create(world) for _ in range(5)])
    assert len(results) == 1
    assert len(errors) == 4
    assert all(isinstance(e, ValidationError) and "请勿重复登记" in str(e) for e in errors)
    assert ModelWorker.objects.filter(member=world.member_a).count() == 1
    world.member_a.refresh_from_db()
    assert world.member_a.is_model_worker is True
    assert AuditLog.objects.filter(summary="标记会员 甲会员 为劳模/工匠").count() == 1


def test_revoke_while_registering_another_title_keeps_the_flag(world, run_concurrently):
    first = _create(world)

    def revoke():
        return worker_update(
            worker=first,
            actor=world.org_admin,
            kind=first.kind,
            level=first.level,
            title=first.title,
            year=first.year,
            unit_name=first.unit_name,
            position=first.position,
            status=WorkerStatus.REVOKED,
            note="依规撤销",
        )

    results, errors = run_concurrently(revoke, lambda: _create(world, title="焦作工匠", year=2022))
    assert errors == []
    world.member_a.refresh_from_db()
    assert world.member_a.is_model_worker is True
