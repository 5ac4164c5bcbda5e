"""Permission-crawler routes of part elections (see tests/test_permission_crawler.py). Two 分工会 under org A, their
terms past: one with a 换届 whose 请示 org A's admin (the upper union) approved, one without a 换届 (启动换届 opens
on it). Every page is org A's subtree (org B's admin: 404; org A's member: 403)."""

from gonghui.core.crawler import CrawlRoute, build_world, declare

from .factories_elections import branch_union, election_at


@build_world("congresses_elections")
def _elections_world(world):
    running = branch_union(parent=world.org_a, code="KELE1")
    idle = branch_union(parent=world.org_a, code="KELE2")
    world.extra["elections_election"] = election_at(
        org=running, runner=world.org_admin, approver=world.org_admin, step="requested"
    )
    world.extra["elections_idle_org"] = idle


def _election(world):
    return {"public_id": world.extra["elections_election"].public_id}


for name in (
    "congresses:election_detail",
    "congresses:election_request",
    "congresses:election_approve_plan",
    "congresses:election_result",
    "congresses:election_approve_result",
    "congresses:election_cancel",
):
    declare(CrawlRoute(name, params=_election))
declare(
    CrawlRoute(
        "congresses:election_start", params=lambda world: {"code": world.extra["elections_idle_org"].code}
    )
)
