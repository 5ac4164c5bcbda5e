"""Crawler declarations for the 名单管理 pages: org A's admin has made a list of org A holding member A."""

from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup
from gonghui.members.selectors.filters import MemberFilter
from gonghui.members.services.target_lists import target_list_create_from_filter

TARGET_LIST_NAME = "甲校青年教师名单"


@build_world("members_target_lists")
def _target_lists_world(world):
    world.extra["target_list_a"] = target_list_create_from_filter(
        org=world.org_a,
        name=TARGET_LIST_NAME,
        reason="读书会通知",
        member_filter=MemberFilter(),
        actor=world.org_admin,
    )
    world.extra.setdefault("markers", []).append(TARGET_LIST_NAME)


for name in ["members:target_list_detail", "members:target_list_export", "members:target_list_delete"]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.extra["target_list_a"].public_id}))


# ---- lookup by POST body: org B's admin filters on org A's union for a list of org B ------------------------------

declare_lookup(
    CrawlLookup(
        "members:target_list_create",
        field="filter_org",
        value=lambda w: w.org_a.code,
        data=lambda w: {"org": w.org_b.code, "name": "乙院名单", "reason": "通知", "statuses": ["active"]},
        secrets=lambda w: [w.member_a.name, w.org_a.name],
    )
)
