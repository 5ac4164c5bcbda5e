"""The member-card demo seeder: two batches in different states, idempotent."""

import pytest

from conftest import make_cadre
from gonghui.members.choices import CardBatchStatus, CardStatus
from gonghui.members.demo import seed_cards
from gonghui.members.models import CardApplication, CardBatch
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db


def test_seed_cards_creates_two_batches_once(world):
    # given: the demo grassroots union, its admin and 30 members
    org = OrgFactory.create(parent=world.county_x, code="JFQ01", name="演示工会", unit_name="演示单位")
    make_cadre("jfq01_admin", org)
    MemberFactory.create_batch(30, org=org)
    # when
    first = seed_cards()
    again = seed_cards()
    # then
    batches = list(CardBatch.objects.order_by("number").values_list("status", flat=True))
    assert batches == [CardBatchStatus.RETURNED, CardBatchStatus.SENT]
    statuses = sorted(CardApplication.objects.values_list("status", flat=True))
    assert statuses.count(CardStatus.COLLECTED) == 6
    assert statuses.count(CardStatus.MADE) == 4
    assert statuses.count(CardStatus.SENT_TO_BANK) == 8
    assert statuses.count(CardStatus.APPLIED) == 6
    assert first.startswith("会员卡批次 2 个")
    assert again == "会员卡批次 2 个（已存在，未新增）"
    assert CardApplication.objects.count() == 24


def test_seed_cards_skips_without_the_demo_union(world):
    assert seed_cards() == "没有演示工会或其管理员，跳过会员卡"
    assert CardBatch.objects.count() == 0
