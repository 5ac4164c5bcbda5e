"""帮扶 indicator sources: money paid in the period, campaigns running on the end day, households on file (a count
of 1–9 never shown)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from gonghui.core.registry import Period, indicator_sources
from gonghui.members.tests.factories import MemberFactory
from gonghui.welfare.choices import FileStatus, RecipientStatus
from gonghui.welfare.models import HardshipFile
from gonghui.welfare.tests.factories import make_file
from gonghui.welfare.tests.factories_relief import approved_campaign


def test_relief_spending_and_running_campaigns(world):
    # given: org A's approved campaign of three people at 500 元, two paid today, one still pending
    campaign = approved_campaign(world)
    paid = list(campaign.recipients.order_by("pk")[:2])
    for recipient in paid:
        recipient.status, recipient.paid_at = RecipientStatus.PAID, timezone.now()
        recipient.save(update_fields=["status", "paid_at"])
    today = timezone.localdate()
    orgs = [world.city, world.county_x, world.org_b]

    # when
    spent = indicator_sources.get("welfare.relief_spending").values_for(orgs, Period.year_to(today))
    running = indicator_sources.get("welfare.campaigns_running").values_for(orgs, Period.year_to(today))
    before = indicator_sources.get("welfare.campaigns_running").values_for(
        orgs, Period(today - dt.timedelta(days=30), today - dt.timedelta(days=1))
    )

    # then
    assert spent[world.city.id].value == Decimal("1000.00")
    assert spent[world.org_b.id].value == Decimal("0.00")
    assert spent[world.county_x.id].detail == "送温暖慰问活动 1000.00 元 + 个人慰问金 0.00 元"
    assert (running[world.city.id].value, running[world.org_b.id].value) == (Decimal(1), Decimal(0))
    assert before[world.city.id].value == 0  # not yet approved then


def test_hardship_files_count_households_on_file_and_hide_small_groups(world):
    # given: twelve files in org A, one of them lifted yesterday and one still being applied for; one in org B
    for _index in range(11):
        make_file(
            member=MemberFactory.create(org=world.org_a), actor=world.org_admin, status=FileStatus.FILED
        )
    make_file(member=MemberFactory.create(org=world.org_a), actor=world.org_admin)
    lifted = HardshipFile.objects.filter(org=world.org_a, status=FileStatus.FILED).first()
    assert lifted is not None
    HardshipFile.objects.filter(pk=lifted.pk).update(
        status=FileStatus.LIFTED, ended_at=timezone.now() - dt.timedelta(days=1)
    )
    make_file(member=MemberFactory.create(org=world.org_b), actor=world.org_admin, status=FileStatus.FILED)
    orgs = [world.city, world.county_x, world.county_y, world.org_b]

    # when
    values = indicator_sources.get("welfare.hardship_files").values_for(
        orgs, Period.year_to(timezone.localdate())
    )

    # then: 11 files on file under the city; org B's single file is not shown
    assert values[world.city.id].value == Decimal(11)
    assert values[world.county_x.id].value == Decimal(10)
    assert values[world.org_b.id].value is None
    assert values[world.county_y.id].detail == "不足10人，不单独显示"
