"""会员名册导入's 会员编号: blocks per (union, year of joining) taken with one counter upsert continue a counter that
member_number_issue moved before, start a missing one at 1, in file order and without gaps."""

import pytest
import time_machine
from django.db import transaction

from gonghui.core.models import NumberSequence
from gonghui.members.models import Member
from gonghui.members.services import member_number_issue, roster_import
from gonghui.members.tests.test_roster_import import TODAY, person_id, roster, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_numbers_continue_the_counters_in_file_order_without_gaps(world):
    # given org A's 2019 counter already at 2, org B's and org A's 2020 counters missing
    with transaction.atomic():
        for _n in range(2):
            member_number_issue(org=world.org_a, year=2019)
    a, b = world.org_a.name, world.org_b.name
    content = roster(
        [
            row(name="王一", id_number=person_id(1), unit=a, joined_on="2019-09-01"),
            row(name="王二", id_number=person_id(2), unit=a, joined_on="2020-01-01"),
            row(name="王三", id_number=person_id(3), joined_on="2019-10-01", unit=b),
            row(name="王四", id_number=person_id(4), unit=a, joined_on="2019-12-01"),
            row(name="王五", id_number=person_id(5), joined_on="2019-03-01", unit=b),
        ]
    )
    # when the city union imports them (rows for both unions; the system as actor, as manage.py does)
    report = roster_import(content=content, org=world.city, actor=None)
    # then
    assert report.created == 5
    assert dict(Member.objects.filter(name__startswith="王").values_list("name", "member_number")) == {
        "王一": "ORGA-2019-00003",
        "王二": "ORGA-2020-00001",
        "王三": "ORGB-2019-00001",
        "王四": "ORGA-2019-00004",
        "王五": "ORGB-2019-00002",
    }
    counters = {
        (s.issuer_id, s.year): s.last_number for s in NumberSequence.objects.filter(series="会员编号")
    }
    assert counters == {(world.org_a.pk, 2019): 4, (world.org_a.pk, 2020): 1, (world.org_b.pk, 2019): 2}
    # and the next number issued one by one follows the block
    with transaction.atomic():
        assert member_number_issue(org=world.org_b, year=2019) == "ORGB-2019-00003"
