"""Test helpers of 疗休养 (part `recuperation`): a programme of the city union received from 市总 with two future
batches, its places allocated city → 甲县 → org A through the services, and members of org A (front-line or not)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from conftest import make_cadre
from gonghui.members.models import Member, MemberTag
from gonghui.members.tests.factories import MemberFactory
from gonghui.quotas.models import QuotaAllocation
from gonghui.welfare.choices import ProgrammeStatus
from gonghui.welfare.models import RecuperationBatch, RecuperationProgramme
from gonghui.welfare.services.recuperation import (
    batch_save,
    programme_advance,
    programme_allocate,
    programme_create,
)

TAG = "抗疫一线"


@dataclass
class Rcp:
    programme: RecuperationProgramme
    first: RecuperationBatch
    second: RecuperationBatch
    city_admin: Any
    county_admin: Any
    allocation_a: QuotaAllocation  # org A's places (re-allocated by 甲县)


def front_line(member: Member) -> Member:
    member.tags.add(MemberTag.objects.get_or_create(name=TAG)[0])
    return member


def make_programme(
    world: Any,
    *,
    places: int = 10,
    county_places: int = 5,
    org_a_places: int = 3,
    year: int | None = None,
    no_repeat_years: int = 3,
    capacity: int = 5,
    name: str = "2020年抗疫一线医护人员疗休养",
    nominating: bool = True,
) -> Rcp:
    city_admin = world.extra.get("rcp_city_admin") or make_cadre("rcp_city", world.city)
    county_admin = world.extra.get("rcp_county_admin") or make_cadre("rcp_county", world.county_x)
    world.extra["rcp_city_admin"], world.extra["rcp_county_admin"] = city_admin, county_admin
    today = timezone.localdate()
    programme = programme_create(
        org=world.city,
        name=name,
        year=year or today.year,
        issuer="焦作市总工会",
        received_reference="焦工〔2020〕12号",
        places_received=places,
        priority_tag=TAG,
        no_repeat_years=no_repeat_years,
        health_requirements="无传染性疾病，能适应长途乘车",
        actor=city_admin,
    )
    first = batch_save(
        programme=programme,
        name="第一批",
        resort="云台山职工疗休养基地",
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=14),
        capacity=capacity,
        assembly="市工人文化宫 7:30",
        actor=city_admin,
    )
    second = batch_save(
        programme=programme,
        name="第二批",
        resort="云台山职工疗休养基地",
        starts_on=today + dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=24),
        capacity=min(capacity, places - capacity) or 1,
        actor=city_admin,
    )
    county_places = min(county_places, places)
    [county] = programme_allocate(
        programme=programme, shares={world.county_x.pk: county_places}, actor=city_admin
    )
    [allocation_a] = programme_allocate(
        programme=programme,
        shares={world.org_a.pk: min(org_a_places, county_places)},
        actor=county_admin,
        parent=county,
    )
    if nominating:
        programme = programme_advance(programme=programme, actor=city_admin)
        assert programme.status == ProgrammeStatus.NOMINATING
    return Rcp(programme, first, second, city_admin, county_admin, allocation_a)


def org_a_member(world: Any, name: str, *, tagged: bool = False) -> Member:
    member = MemberFactory.create(org=world.org_a, name=name)
    return front_line(member) if tagged else member
