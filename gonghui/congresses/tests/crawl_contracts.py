"""Permission-crawler routes of part contracts (see tests/test_permission_crawler.py). Org A's admin wrote a
negotiation with a meeting and a contract of org A (signed, so every step page has a subject): every page is org
A's (org B's admin, in the other county: 404; org A's member: 403)."""

from gonghui.core.crawler import CrawlRoute, build_world, declare

from .factories_contracts import negotiation, signed


@build_world("congresses_contracts")
def _contracts_world(world):
    world.extra["contracts_negotiation"] = negotiation(org=world.org_a, actor=world.org_admin)
    world.extra["contracts_contract"] = signed(org=world.org_a, actor=world.org_admin)


def _contract(world):
    return {"public_id": world.extra["contracts_contract"].public_id}


def _negotiation(world):
    return {"public_id": world.extra["contracts_negotiation"].public_id}


for name in (
    "congresses:contract_detail",
    "congresses:contract_edit",
    "congresses:contract_approve",
    "congresses:contract_sign",
    "congresses:contract_file",
    "congresses:contract_object",
    "congresses:contract_renew",
):
    declare(CrawlRoute(name, params=_contract))
for name in (
    "congresses:negotiation_detail",
    "congresses:negotiation_edit",
    "congresses:negotiation_meeting_add",
    "congresses:negotiation_conclude",
):
    declare(CrawlRoute(name, params=_negotiation))
