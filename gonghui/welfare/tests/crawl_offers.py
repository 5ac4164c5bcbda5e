"""Crawler declarations of 普惠 offers — part `offers` (routes of `views/offers.py` and `views/portal_offers.py`).
Org A's admin publishes an offer of org A (with coupons) and 甲会员 takes a coupon: the console pages name that
offer (org B's admin: 404), the portal pages are 甲会员's (the offer is published to his union)."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.welfare.services.offers import offer_coupon_take
from gonghui.welfare.tests.factories_offers import make_offer


@build_world("welfare_offers")
def _offers_world(world):
    offer = make_offer(org=world.org_a, actor=world.org_admin, title="甲校观影优惠", coupons=True, limit=2)
    offer_coupon_take(offer=offer, member=world.member_a)
    world.extra["welfare_offer_a"] = offer
    world.extra.setdefault("markers", []).append("甲校观影优惠")


def _offer(world):
    return {"offer_id": world.extra["welfare_offer_a"].pk}


def _public(world):
    return {"public_id": world.extra["welfare_offer_a"].public_id}


for name in ("welfare:offer_detail", "welfare:offer_edit", "welfare:offer_publish", "welfare:offer_withdraw"):
    declare(CrawlRoute(name, params=_offer))
declare(CrawlRoute("welfare:offer_redeem", params=_offer))
declare(CrawlRoute("welfare_portal:offer_mine", kind="portal"))
declare(CrawlRoute("welfare_portal:offer_view", kind="portal", params=_public))
declare(CrawlRoute("welfare_portal:offer_coupon", kind="portal", params=_public))
declare(CrawlRoute("api:welfare_offers_mine", kind="personal"))
