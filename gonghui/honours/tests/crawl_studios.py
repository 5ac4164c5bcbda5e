"""Crawler declarations of 评选表彰 — part `studios`. Org A's admin keeps a studio of org A led by a 劳模 of org A
and named by org A itself (no campaign: the naming union is the studio's own), so org A's admin reaches every
page of it — edit, outputs, tranche, assessment, its conclusion and 摘牌 — and org B's admin gets 404 on each."""

import datetime as dt

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.honours.choices import AssessmentKind
from gonghui.honours.services.studios import assessment_create, studio_mark_named

from .factories import make_studio, make_worker


@build_world("honours_studios")
def _studios_world(world):
    admin = world.org_admin
    leader = make_worker(org=world.org_a, actor=admin, name="甲工作室领办人")
    studio = make_studio(org=world.org_a, leader=leader, actor=admin, name="甲校劳模创新工作室")
    studio = studio_mark_named(studio=studio, named_on=dt.date(2025, 6, 1), level="", actor=admin)
    assessment = assessment_create(
        studio=studio, year=2025, kind=AssessmentKind.ANNUAL, template=None, actor=admin
    )
    world.extra.update(studio_a=studio, studio_assessment_a=assessment)
    world.extra.setdefault("markers", []).extend(["甲校劳模创新工作室", "甲工作室领办人"])


def _studio(w):
    return {"studio_id": w.extra["studio_a"].pk}


def _assessment(w):
    return {"assessment_id": w.extra["studio_assessment_a"].pk}


for name in (
    "honours:studio_detail",
    "honours:studio_edit",
    "honours:output_add",
    "honours:tranche_pay",
    "honours:assessment_create",
    "honours:studio_delist",
):
    declare(CrawlRoute(name, params=_studio))
for name in ("honours:assessment_detail", "honours:assessment_decide"):
    declare(CrawlRoute(name, params=_assessment))
