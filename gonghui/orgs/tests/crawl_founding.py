"""Crawler declarations for the 建会 pages. The crawler's world has a registration whose supervising union
is org A, so org A's admin reaches every page and org B's admin gets 404."""

from conftest import make_cadre
from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup
from gonghui.orgs.choices import UnitCategory
from gonghui.orgs.models import UnionFounding
from gonghui.orgs.validators import uscc_check_char

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


# ---- lookup by POST body: 乙县's admin registers a unit with the credit code on 甲县's register -----------------

UNIT_X = "甲县育英民办学校"


def _credit_code(serial: int) -> str:
    first17 = f"52410802MJ{serial:07d}"
    return first17 + uscc_check_char(first17)


@build_world("orgs_founding_lookups", kinds=("lookup",))
def _founding_lookup_world(world):
    UnionFounding.objects.create(org=world.county_x, unit_name=UNIT_X, credit_code=_credit_code(7))
    world.extra["county_y_admin"] = make_cadre("crawl_cy_admin", world.county_y)


declare_lookup(
    CrawlLookup(
        "orgs:founding_create",
        field="credit_code",
        value=lambda w: _credit_code(7),
        data=lambda w: {
            "org": str(w.county_y.pk),
            "unit_name": "乙县新登记单位",
            "unit_category": UnitCategory.PRIVATE_NON_ENTERPRISE,
            "industry": "P",
            "is_private": "on",
            "headcount_established": "0",
            "headcount_contract": "20",
            "headcount_dispatched": "0",
        },
        secrets=lambda w: [UNIT_X],
        actor="county_y_admin",
        world=("orgs_founding_lookups",),
    )
)
