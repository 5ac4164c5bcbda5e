"""The console home's honours counters: a school union sees the city campaign taking nominations; its county sees the
nomination waiting for 县区审核; a union under another county sees the call but nothing to review; a plain member
sees neither. The quota pages (the set and a received allocation) link back to the campaign."""

import pytest
from django.urls import reverse

from gonghui.core.registry import home_counters
from gonghui.honours.services.nominations import nomination_submit

from .test_nominations_factories import campaign_setup, person, ready_draft

pytestmark = pytest.mark.django_db


def _count(key: str, user) -> int:
    return home_counters.get(key).count(user, None)


def test_open_calls_and_reviews_waiting_count_for_the_right_people(world):
    setup = campaign_setup(world)
    draft = ready_draft(setup.campaign, world.org_a, person(world.org_a, "李老师"), world.org_admin)
    nomination_submit(nomination=draft, actor=world.org_admin)

    assert _count("honours.open_calls", world.org_admin) == 1
    assert _count("honours.to_review", world.org_admin) == 0  # its own nomination is not its to review
    assert _count("honours.to_review", setup.county) == 1
    assert _count("honours.open_calls", world.outsider) == 1  # org B may nominate to the city's campaign too
    assert _count("honours.to_review", world.outsider) == 0
    assert _count("honours.open_calls", world.org_member) == 0
    assert _count("honours.to_review", world.org_member) == 0


def test_the_county_home_page_shows_the_review_counter(client, world):
    setup = campaign_setup(world)
    draft = ready_draft(setup.campaign, world.org_a, person(world.org_a, "李老师"), world.org_admin)
    nomination_submit(nomination=draft, actor=world.org_admin)
    client.force_login(setup.county)

    page = client.get(reverse("home")).content.decode()

    assert "待审核的评选推荐" in page
    assert reverse("honours:list") in page


def test_the_quota_pages_lead_back_to_the_campaign(client, world):
    setup = campaign_setup(world)
    quota_set = setup.campaign.quota_set
    assert quota_set is not None
    back = reverse("honours:detail", args=[setup.campaign.pk])
    client.force_login(setup.runner)
    set_page = client.get(reverse("quotas:set_detail", args=[quota_set.public_id]))
    assert back in set_page.content.decode()
    allocation = quota_set.allocations.get(org=world.county_x)
    client.force_login(setup.county)
    allocation_page = client.get(reverse("quotas:allocation_detail", args=[allocation.pk]))
    assert allocation_page.status_code == 200
    assert back in allocation_page.content.decode()
