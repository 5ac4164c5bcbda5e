"""Builders the nomination tests share (no tests here): a running city 焦作标兵 campaign whose quota set gives
甲县教育工会 3 places, of which it passes `org_a_places` on to org A; a county cadre (the 县区审核 reviewer) and a
city cadre (the runner); a draft with its materials and 事迹, ready to submit."""

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_cadre
from gonghui.honours.models import HonourCampaign, Nomination
from gonghui.honours.services.nominations import nomination_create, nomination_material_add
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.quotas.selectors import allocation_of
from gonghui.quotas.services import quota_allocate, quota_set_create

from .factories import make_campaign


@dataclass
class Setup:
    runner: Any
    county: Any
    campaign: HonourCampaign


def campaign_setup(world: Any, *, quota: bool = True, org_a_places: int = 1, **extra: Any) -> Setup:
    runner = make_cadre("city_honours", world.city)
    county = make_cadre("county_honours", world.county_x)
    campaign = make_campaign(org=world.city, actor=runner, **extra)
    if quota:
        quota_set = quota_set_create(
            org=world.city, title="焦作标兵推荐名额", total=5, actor=runner, owner=campaign
        )
        quota_allocate(quota_set=quota_set, shares={world.county_x.pk: 3, world.county_y.pk: 1}, actor=runner)
        quota_allocate(
            quota_set=quota_set,
            shares={world.org_a.pk: org_a_places},
            parent=allocation_of(quota_set, world.county_x),
            actor=runner,
        )
        HonourCampaign.objects.filter(pk=campaign.pk).update(quota_set=quota_set)
        campaign.refresh_from_db()
    return Setup(runner=runner, county=county, campaign=campaign)


def person(org: Any, name: str, **extra: Any) -> Member:
    return MemberFactory.create(org=org, name=name, **extra)


def upload(name: str = "材料.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "推荐材料正文".encode(), content_type="text/plain")


def ready_draft(campaign: HonourCampaign, org: Any, member: Member, actor: Any) -> Nomination:
    """A draft with every required material and its 事迹 (and a story when the campaign wants one)."""
    nomination = nomination_create(
        campaign=campaign,
        nominating_org=org,
        member=member,
        actor=actor,
        deeds="扎根一线二十年，教书育人成绩突出。",
        story="她的故事。" if campaign.wants_stories else "",
    )
    for material in campaign.materials:
        nomination_material_add(nomination=nomination, material=material, upload=upload(), actor=actor)
    return nomination
