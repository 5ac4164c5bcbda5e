"""Permission-crawler routes of part congress (see tests/test_permission_crawler.py). Org A's admin has a current
教代会 of a 分工会 of org A with one full delegate: the congress page and its action pages name it (org B's admin: 404; a
member: 403 on action pages)."""

from gonghui.congresses.tests.factories_congress import make_branch, seated_congress
from gonghui.core.crawler import CrawlRoute, build_world, declare


@build_world("congresses_congress")
def _congress_world(world):
    # a 分工会 of org A (its own code) keeps this congress apart from the other parts' congresses of org A
    branch = make_branch(parent=world.org_a, code="KCON1", staff=120, name="甲县第一中学教学部分工会")
    congress, seat = seated_congress(org=branch, actor=world.org_admin, index=901)
    world.extra["congresses_congress_a"] = congress
    world.extra["congresses_congress_seat"] = seat


def _congress(world):
    return {"public_id": world.extra["congresses_congress_a"].public_id}


def _seat(world):
    return {**_congress(world), "pk": world.extra["congresses_congress_seat"].pk}


for name in (
    "congresses:congress_detail",
    "congresses:congress_edit",
    "congresses:congress_new_term",
    "congresses:delegate_add",
    "congresses:delegates_import",
    "congresses:delegates_template",
    "congresses:delegation_add",
):
    declare(CrawlRoute(name, params=_congress))
for name in ("congresses:delegate_edit", "congresses:delegate_end"):
    declare(CrawlRoute(name, params=_seat))
declare(CrawlRoute("congresses_portal:home", kind="portal"))
