"""PostgreSQL: five clicks on 进入下一阶段 at the same instant move a campaign one stage only (the campaign row is
locked before its stage is read), and a cancel racing an advance leaves one consistent state."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.models import TimelineEntry
from gonghui.honours.choices import CampaignStatus, Stage
from gonghui.honours.models import HonourCampaign
from gonghui.honours.services.campaigns import campaign_advance, campaign_cancel

from .factories import make_campaign

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
CLICKS = 5


def test_concurrent_advances_move_one_stage(world, run_concurrently):
    campaign = make_campaign(
        org=world.org_a,
        actor=world.org_admin,
        stages=[Stage.NOMINATE, Stage.MEETING, Stage.NOTICE, Stage.NAME],
        stage=Stage.MEETING,
        meeting_held_on=timezone.localdate(),
        nomination_deadline=timezone.now() - dt.timedelta(days=1),
    )
    results, errors = run_concurrently(
        *[lambda: campaign_advance(campaign=campaign, actor=world.org_admin) for _ in range(CLICKS)]
    )
    # the first moves to 公示; the others find 公示 blocked (no notice yet)
    assert len(results) == 1
    assert len(errors) == CLICKS - 1
    assert all(isinstance(error, ValidationError) and "尚未发布公示" in str(error) for error in errors)
    assert HonourCampaign.objects.get(pk=campaign.pk).stage == Stage.NOTICE
    assert TimelineEntry.objects.filter(object_id=str(campaign.pk), action="advance").count() == 1


def test_cancel_racing_an_advance(world, run_concurrently):
    campaign = make_campaign(
        org=world.org_a,
        actor=world.org_admin,
        stages=[Stage.NOMINATE, Stage.MEETING, Stage.NAME],
        stage=Stage.MEETING,
        meeting_held_on=timezone.localdate(),
    )
    results, errors = run_concurrently(
        lambda: campaign_advance(campaign=campaign, actor=world.org_admin),
        lambda: campaign_cancel(campaign=campaign, actor=world.org_admin, reason="暂停"),
    )
    final = HonourCampaign.objects.get(pk=campaign.pk)
    assert final.status == CampaignStatus.CANCELLED
    # either the advance ran first (then the cancel), or it found the campaign cancelled
    assert len(results) + len(errors) == 2
    assert all("只有进行中的评选可以进入下一阶段" in str(error) for error in errors)
