"""The naming pages with three actors (and a fourth): county X's admin runs the campaign (reads, every button);
org A's admin, below, reads the pages of the running campaign but every button is 403; org A's plain member is
refused; org B's admin (under county Y) sees nothing (404). The buttons do what the services do."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import make_cadre
from gonghui.honours.choices import CampaignStatus, NominationStatus, Stage
from gonghui.honours.models import Honour, HonourCampaign
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.tests.factories import make_line
from gonghui.members.tests.factories import MemberFactory
from gonghui.notices.models import Notice
from gonghui.reviews.tests.factories import make_template

from .factories import make_campaign, make_nomination

pytestmark = pytest.mark.django_db

PAGES = ("city_review", "meeting", "publication", "naming", "rewards")
BUTTONS = ("city_review_start", "city_review_finalise", "naming_document")


@pytest.fixture
def runner(world):
    return make_cadre("runner_x", world.county_x)


@pytest.fixture
def campaign(world, runner):
    campaign = make_campaign(
        org=world.county_x,
        actor=runner,
        title="2026年度“甲县标兵”评选",
        stage=Stage.CITY_REVIEW,
        reward_levels=[{"level": "甲县标兵", "amount": "2000"}],
    )
    for name in ("王老师", "李老师"):
        make_nomination(
            campaign=campaign,
            nominating_org=world.org_a,
            actor=world.org_admin,
            member=MemberFactory.create(org=world.org_a, name=name),
            status=NominationStatus.PASSED,
        )
    return campaign


def url(name, campaign):
    return reverse(f"honours:{name}", args=[campaign.pk])


def move(campaign, stage):
    HonourCampaign.objects.filter(pk=campaign.pk).update(stage=stage)


@pytest.mark.parametrize("page", PAGES)
def test_pages_three_actors(client, world, runner, campaign, page):
    client.force_login(runner)
    response = client.get(url(page, campaign))
    assert response.status_code == 200
    assert campaign.title in response.content.decode()
    client.force_login(world.org_admin)  # a union below: reads the running campaign
    assert client.get(url(page, campaign)).status_code == 200
    client.force_login(world.org_member)
    assert client.get(url(page, campaign)).status_code in (403, 404)
    client.force_login(world.outsider)
    assert client.get(url(page, campaign)).status_code == 404


@pytest.mark.parametrize("button", [*BUTTONS, "meeting", "publication", "naming", "rewards"])
def test_buttons_are_the_runners(client, world, campaign, button):
    client.force_login(world.org_admin)
    assert client.post(url(button, campaign), {"named_on": "2026-12-01"}).status_code == 403
    client.force_login(world.outsider)
    assert client.post(url(button, campaign)).status_code == 404


@pytest.mark.parametrize("button", BUTTONS)
def test_post_only_buttons_refuse_get(client, world, runner, campaign, button):
    client.force_login(runner)
    assert client.get(url(button, campaign)).status_code == 405


def test_runner_sees_the_start_form_the_reader_does_not(client, world, runner, campaign):
    client.force_login(runner)
    assert "开始市级评审" in client.get(url("city_review", campaign)).content.decode()
    client.force_login(world.org_admin)
    assert "开始市级评审</button>" not in client.get(url("city_review", campaign)).content.decode()


def test_start_city_review_through_the_page(client, world, runner, campaign):
    template = make_template(org=world.county_x, actor=runner)
    client.force_login(runner)
    response = client.post(
        url("city_review_start", campaign), {"template": template.pk, "blind_mode": "open"}
    )
    campaign.refresh_from_db()
    assert campaign.review_round is not None
    assert response["Location"] == reverse("reviews:round_detail", args=[campaign.review_round.pk])
    page = client.get(url("city_review", campaign)).content.decode()
    assert "王老师" in page
    assert "李老师" in page
    export = client.post(url("city_review_export", campaign))
    assert export.status_code == 200
    assert "no-store" in export["Cache-Control"]


def test_meeting_through_the_page(client, world, runner, campaign):
    move(campaign, Stage.MEETING)
    ids = list(campaign.nominations.order_by("pk").values_list("pk", flat=True))
    client.force_login(runner)
    page = client.get(url("meeting", campaign)).content.decode()
    assert f'name="decision_{ids[0]}"' in page
    data = {
        "held_on": "2026-11-20",
        "name": "甲县教育工会主席办公会",
        "minutes": "",
        f"decision_{ids[0]}": "approve",
        f"level_{ids[0]}": "甲县标兵",
        f"decision_{ids[1]}": "decline",
    }
    response = client.post(url("meeting", campaign), data)
    assert response.status_code == 302
    statuses = list(campaign.nominations.order_by("pk").values_list("status", flat=True))
    assert statuses == [NominationStatus.APPROVED, NominationStatus.NOT_SELECTED]
    # a missing name is put on the form
    response = client.post(url("meeting", campaign), {**data, "name": ""})
    assert response.status_code == 400
    assert "请填写会议名称" in response.content.decode()


def test_notice_naming_rewards_and_document_through_the_pages(client, world, runner, campaign):
    campaign.nominations.update(status=NominationStatus.APPROVED, honour_level="甲县标兵")
    HonourCampaign.objects.filter(pk=campaign.pk).update(
        stages=[Stage.NOMINATE, Stage.MEETING, Stage.NOTICE, Stage.NAME]
    )
    move(campaign, Stage.NOTICE)
    client.force_login(runner)
    response = client.post(url("publication", campaign), {"window_length": "5"})
    notice = Notice.objects.get()
    assert response["Location"] == reverse("notices:detail", args=[notice.public_id])
    Notice.objects.filter(pk=notice.pk).update(status="closed")
    move(campaign, Stage.NAME)
    client.post(url("naming", campaign), {"named_on": "2026-12-01"})
    client.post(url("naming", campaign), {"named_on": "2026-12-01"})  # a double submit
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.NAMED
    assert Honour.objects.filter(campaign=campaign).count() == 2
    page = client.get(url("naming", campaign)).content.decode()
    assert "批量颁发荣誉证书" in page
    assert "生成命名决定" in page
    line = make_line(world.county_x, amount="10000.00", purpose="标兵奖励")
    HonourCampaign.objects.filter(pk=campaign.pk).update(budget_line=line)
    client.post(url("rewards", campaign))
    client.post(url("rewards", campaign))
    assert LedgerEntry.objects.filter(budget_line=line).count() == 2
    page = client.get(url("rewards", campaign)).content.decode()
    assert "待支付" in page
    client.force_login(world.org_admin)
    assert "发放奖励</button>" not in client.get(url("rewards", campaign)).content.decode()
    assert campaign.named_on == dt.date(2026, 12, 1)
