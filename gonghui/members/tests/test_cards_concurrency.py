"""Submitting one card batch twice at once (a double click, two admins) sends it once: one 报送银行 on the
batch's record, and 全部加入 pressed twice puts each application into one batch only, so one bank file carries
it (PostgreSQL: real concurrency)."""

import pytest
from django.core.exceptions import ValidationError

from conftest import make_cadre, make_member_user
from gonghui.members.choices import CardBatchAction, CardBatchStatus, CardStatus
from gonghui.members.models import CardApplication, CardBatch
from gonghui.members.services import (
    card_apply,
    card_batch_add,
    card_batch_add_all,
    card_batch_create,
    card_batch_send,
)
from gonghui.orgs.tests.side_effects import timeline_rows

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _applications(world, count: int) -> list[CardApplication]:
    members = [world.member_a] + [
        make_member_user(f"137000030{n:02d}", world.org_a, name=f"并发会员{n}")[1] for n in range(1, count)
    ]
    return [card_apply(member=m, actor=world.org_admin) for m in members]


def test_sending_one_batch_twice_at_once_sends_it_once(world, run_concurrently):
    # given a draft batch with three applications
    batch = card_batch_create(org=world.org_a, actor=world.org_admin)
    card_batch_add(batch=batch, applications=_applications(world, 3), actor=world.org_admin)
    county_admin = make_cadre("county_x_admin", world.county_x)
    # when the admin of org A and the admin of 甲县 send it at the same moment
    results, errors = run_concurrently(
        lambda: card_batch_send(batch=batch, actor=world.org_admin),
        lambda: card_batch_send(batch=batch, actor=county_admin),
    )
    # then one send went through and the other was refused with the state it found
    assert len(results) == 1
    [error] = errors
    assert isinstance(error, ValidationError)
    assert error.messages == ["当前状态“已报送银行”下不能执行“报送银行”"]
    assert CardBatch.objects.count() == 1
    sent = CardBatch.objects.get()
    assert sent.status == CardBatchStatus.SENT
    assert [row[0] for row in timeline_rows(sent)].count(CardBatchAction.SEND) == 1
    assert sent.applications.count() == 3


def test_adding_everything_twice_at_once_puts_each_application_in_the_batch_once(world, run_concurrently):
    # given two draft batches of the same union (a double click on 新建批次) and three waiting applications
    applications = _applications(world, 3)
    first = card_batch_create(org=world.org_a, actor=world.org_admin)
    second = card_batch_create(org=world.org_a, actor=world.org_admin)
    # when 全部加入 is pressed on both at once
    results, errors = run_concurrently(
        lambda: card_batch_add_all(batch=first, actor=world.org_admin),
        lambda: card_batch_add_all(batch=second, actor=world.org_admin),
    )
    # then every application is in exactly one batch (one bank file holds them all), and the later click adds
    # none rather than failing on the first applicant
    assert errors == []
    assert sorted(results) == [0, 3]
    batched = CardApplication.objects.filter(pk__in=[a.pk for a in applications])
    assert {a.status for a in batched} == {CardStatus.SENT_TO_BANK}
    assert len({a.batch_id for a in batched}) == 1
