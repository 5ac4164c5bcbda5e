"""Crawler declarations for the 建会 pages. The crawler's world has a registration whose supervising union
is org A, so org A's admin reaches every page and org B's admin gets 404."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.orgs.models import UnionFounding

UNIT_NAME = "甲县启明民办幼儿园"


@build_world("orgs_foundings")
def _foundings_world(world):
    world.extra["founding_a"] = UnionFounding.objects.create(
        org=world.org_a, unit_name=UNIT_NAME, is_private=True, headcount_contract=30
    )
    world.extra.setdefault("markers", []).append(UNIT_NAME)


for name in ["orgs:founding_detail", "orgs:founding_edit"]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.extra["founding_a"].public_id}))

declare(
    CrawlRoute(
        "orgs:founding_action",
        params=lambda w: {"public_id": w.extra["founding_a"].public_id, "action": "apply"},
    )
)
