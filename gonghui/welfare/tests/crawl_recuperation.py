"""Crawler declarations of 疗休养 programmes, batches, places — part `recuperation` (routes of
`views/recuperation.py` and `views/portal_recuperation.py`). Org A's admin runs a programme of org A (places received
from 市总), one batch, places allocated to 甲校疗休养分会 (a union below org A) and one place given to org A's plain
member (甲会员), whose portal pages name it; org B's admin sees none of it (404)."""

import datetime as dt

from django.utils import timezone

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.welfare.models import RecuperationPlace
from gonghui.welfare.services.recuperation import (
    batch_save,
    programme_advance,
    programme_allocate,
    programme_create,
)

NAME = "甲校2026年职工疗休养"


@build_world("welfare_recuperation")
def _recuperation_world(world):
    admin = world.org_admin
    branch = OrgFactory.create(parent=world.org_a, code="RCPA1", name="甲校疗休养分会", unit_name="甲校分会")
    today = timezone.localdate()
    programme = programme_create(
        org=world.org_a,
        name=NAME,
        year=today.year,
        issuer="焦作市总工会",
        places_received=6,
        priority_tag="抗疫一线",
        actor=admin,
    )
    batch = batch_save(
        programme=programme,
        name="甲校第一批",
        resort="云台山",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=3),
        capacity=6,
        actor=admin,
    )
    programme_allocate(programme=programme, shares={branch.pk: 3}, actor=admin)
    programme = programme_advance(programme=programme, actor=admin)
    # the plain member's own place (the portal pages), written as the nomination would
    place = RecuperationPlace.objects.create(
        programme=programme, batch=batch, member=world.member_a, org=world.org_a, nominated_by=admin
    )
    world.extra.update(rcp_programme=programme, rcp_batch=batch, rcp_place=place)
    world.extra.setdefault("markers", []).extend([NAME])


def programme_params(world):
    return {"programme_id": world.extra["rcp_programme"].pk}


def batch_params(world):
    return {"batch_id": world.extra["rcp_batch"].pk}


def place_params(world):
    return {"place_id": world.extra["rcp_place"].pk}


def portal_params(world):
    return {"public_id": world.extra["rcp_place"].public_id}


for name in (
    "programme_detail",
    "programme_edit",
    "programme_allocate",
    "place_nominate",
    "programme_report",
    "programme_advance",
    "batch_create",
):
    declare(CrawlRoute(f"welfare:{name}", params=programme_params))
for name in ("batch_detail", "batch_edit", "batch_roster", "batch_scan"):
    declare(CrawlRoute(f"welfare:{name}", params=batch_params))
for name in ("place_cancel", "place_substitute"):
    declare(CrawlRoute(f"welfare:{name}", params=place_params))
declare(CrawlRoute("welfare_portal:place_mine", kind="portal"))
for name in ("place_confirm", "place_decline", "place_receipt"):
    declare(CrawlRoute(f"welfare_portal:{name}", kind="portal", params=portal_params))
