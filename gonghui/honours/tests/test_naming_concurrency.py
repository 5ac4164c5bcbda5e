"""PostgreSQL: the runner's double (and triple) click — 命名 pressed three times at once makes one set of honours;
发放奖励 pressed five times at once pays each honour's reward exactly once."""

import datetime as dt
from decimal import Decimal

import pytest

from conftest import make_cadre
from gonghui.honours.choices import CampaignStatus, NominationStatus, Stage
from gonghui.honours.models import Honour, HonourCampaign
from gonghui.honours.services.naming import campaign_name, rewards_pay
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.tests.factories import make_line
from gonghui.members.tests.factories import MemberFactory

from .factories import make_campaign, make_nomination

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _campaign(world):
    runner = make_cadre("runner_x", world.county_x)
    campaign = make_campaign(
        org=world.county_x,
        actor=runner,
        stage=Stage.NAME,
        stages=[Stage.NOMINATE, Stage.MEETING, Stage.NAME],
        reward_levels=[{"level": "甲县标兵", "amount": "2000"}],
    )
    for name in ("王老师", "李老师", "赵老师"):
        make_nomination(
            campaign=campaign,
            nominating_org=world.org_a,
            actor=world.org_admin,
            member=MemberFactory.create(org=world.org_a, name=name),
            status=NominationStatus.APPROVED,
            honour_level="甲县标兵",
        )
    return runner, campaign


def test_naming_clicked_three_times_at_once_names_once(world, run_concurrently):
    runner, campaign = _campaign(world)
    results, errors = run_concurrently(
        *[
            lambda: campaign_name(campaign=campaign, actor=runner, named_on=dt.date(2026, 12, 1))
            for _ in range(3)
        ]
    )
    assert errors == []
    assert [len(r) for r in results] == [3, 3, 3]
    assert Honour.objects.filter(campaign=campaign).count() == 3
    assert HonourCampaign.objects.get(pk=campaign.pk).status == CampaignStatus.NAMED


def test_rewards_clicked_five_times_at_once_pay_once(world, run_concurrently):
    runner, campaign = _campaign(world)
    campaign_name(campaign=campaign, actor=runner, named_on=dt.date(2026, 12, 1))
    line = make_line(world.county_x, amount="100000.00", purpose="标兵奖励")
    HonourCampaign.objects.filter(pk=campaign.pk).update(budget_line=line)
    results, errors = run_concurrently(
        *[lambda: rewards_pay(campaign=campaign, actor=runner) for _ in range(5)]
    )
    assert errors == []
    assert sum(r.paid for r in results) == 3
    entries = LedgerEntry.objects.filter(budget_line=line)
    assert entries.count() == 3
    assert sum(e.amount for e in entries) == Decimal("6000.00")
    assert len(set(entries.values_list("idempotency_key", flat=True))) == 3
