"""What the walk through the demo fixed, kept fixed: the pages after naming still list who was named, a named
nomination links its honour and the honour shows the nomination's history, the hub tells a county which
nominations wait for its 县区审核, the 公示 page counts open objections, and the records forms name the field in
their errors. Three actors where a page is read: the campaign's runner, org A's admin below it, org B's admin
(another county: 404)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_cadre
from gonghui.core.timeline import timeline_record
from gonghui.honours.choices import CampaignStatus, HonourLevel, NominationStatus, Stage
from gonghui.honours.forms.records import HonourRevokeForm
from gonghui.honours.forms.studios import OutputForm
from gonghui.honours.models import Honour
from gonghui.honours.services.nominations import nomination_submit
from gonghui.members.tests.factories import MemberFactory

from .factories import make_campaign, make_nomination
from .test_nominations_factories import campaign_setup, person, ready_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def runner(world):
    return make_cadre("runner_x", world.county_x)


@pytest.fixture
def named(world, runner):
    """A named campaign of county X: 王老师 named (with an honour), 李老师 not selected."""
    campaign = make_campaign(
        org=world.county_x,
        actor=runner,
        title="2025年度“甲县标兵”评选",
        status=CampaignStatus.NAMED,
        stage=Stage.NAME,
        meeting_held_on=dt.date(2025, 5, 28),
        meeting_name="甲县教育工会主席办公会",
    )
    named = make_nomination(
        campaign=campaign,
        nominating_org=world.org_a,
        actor=world.org_admin,
        member=MemberFactory.create(org=world.org_a, name="王老师"),
        status=NominationStatus.NAMED,
        honour_level="甲县标兵",
        rank=1,
    )
    make_nomination(
        campaign=campaign,
        nominating_org=world.org_a,
        actor=world.org_admin,
        member=MemberFactory.create(org=world.org_a, name="李老师"),
        status=NominationStatus.NOT_SELECTED,
        rank=2,
    )
    timeline_record(subject=named, actor=world.org_admin, action="submit", action_label="提交推荐")
    honour = Honour.objects.create(
        org=world.org_a,
        campaign=campaign,
        nomination=named,
        member=named.member,
        holder_name="王老师",
        holder_unit="甲县第一中学",
        title="甲县标兵",
        level=HonourLevel.COUNTY,
        year=2025,
        awarded_by=world.county_x.name,
        awarded_on=dt.date(2025, 6, 15),
        created_by=runner,
    )
    return campaign, named, honour


def test_meeting_page_after_naming_lists_the_named_as_passed(client, world, runner, named):
    campaign, _named, _honour = named
    for user in (runner, world.org_admin):
        client.force_login(user)
        page = client.get(reverse("honours:meeting", args=[campaign.pk])).content.decode()
        assert "通过（已命名）" in page
        assert "已通过 1 名：王老师" in page
        assert "暂无会议通过的推荐对象" not in page
    client.force_login(world.outsider)
    assert client.get(reverse("honours:meeting", args=[campaign.pk])).status_code == 404


def test_publication_page_after_naming_lists_the_named(client, world, runner, named):
    campaign, _named, _honour = named
    client.force_login(runner)
    page = client.get(reverse("honours:publication", args=[campaign.pk])).content.decode()
    assert "公示后已命名" in page
    assert "王老师" in page
    assert "李老师" not in page


def test_named_nomination_links_its_honour_and_the_honour_shows_the_nominations_history(
    client, world, runner, named
):
    _campaign, nomination, honour = named
    client.force_login(world.org_admin)
    page = client.get(reverse("honours:nomination_detail", args=[nomination.pk])).content.decode()
    assert reverse("honours:honour_detail", args=[honour.pk]) in page
    page = client.get(reverse("honours:honour_detail", args=[honour.pk])).content.decode()
    assert "提交推荐" in page
    client.force_login(world.outsider)
    assert client.get(reverse("honours:nomination_detail", args=[nomination.pk])).status_code == 404


def test_hub_tells_the_county_what_waits_for_its_review(client, world):
    city_runner = make_cadre("runner_city", world.city)
    county_admin = make_cadre("admin_cx", world.county_x)
    campaign = make_campaign(org=world.city, actor=city_runner)
    make_nomination(campaign=campaign, nominating_org=world.org_a, actor=world.org_admin)
    client.force_login(county_admin)
    page = client.get(reverse("honours:detail", args=[campaign.pk])).content.decode()
    assert "有 1 项下级工会的推荐待县区审核" in page
    assert reverse("honours:nominations", args=[campaign.pk]) + "?status=submitted" in page
    client.force_login(world.org_admin)  # the nominating union reviews nothing
    assert "待县区审核" not in client.get(reverse("honours:detail", args=[campaign.pk])).content.decode()


def test_records_and_studios_forms_name_the_field():
    revoke = HonourRevokeForm({})
    assert not revoke.is_valid()
    assert revoke.errors["reason"] == ["请填写撤销原因"]
    output = OutputForm({"year": "1800", "projects": "x"})
    assert not output.is_valid()
    assert output.errors["year"] == ["年度不能小于 2000"]
    assert output.errors["projects"] == ["创新项目（项）应为整数"]


def test_the_list_says_when_the_places_are_used_up(world):
    made = campaign_setup(world, org_a_places=1)
    url = reverse("honours:nominations", args=[made.campaign.pk])
    assert 'id="quota-used-up"' not in _page_of(world.org_admin, url)
    draft = ready_draft(made.campaign, world.org_a, person(world.org_a, "李老师"), world.org_admin)
    nomination_submit(nomination=draft, actor=world.org_admin)
    assert "推荐名额已用完" in _page_of(world.org_admin, url)


def _page_of(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url).content.decode()
