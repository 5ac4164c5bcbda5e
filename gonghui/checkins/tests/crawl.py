"""Crawler declarations for 签到 and the member's 我的会员码. Org A's admin opens a session of org A (open now) and
checks org A's member in; 我的会员码 is the member's own page. The member-number lookup of the scanner is declared:
org B's admin, on org B's own session, types org A's member number and must learn nothing (not even the masked
name)."""

from gonghui.checkins.services import checkin_manual
from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup

from .factories import make_session


@build_world("checkins")
def _checkins_world(world):
    session = make_session(org=world.org_a, actor=world.org_admin, title="甲单位签到场次")
    checkin_manual(target=session, member=world.member_a, actor=world.org_admin)
    world.extra.update(checkin_session_a=session)
    world.extra.setdefault("markers", []).extend(["甲单位签到场次"])


@build_world("checkins_lookup")
def _checkins_lookup_world(world):
    member = world.member_a
    if not member.member_number:
        member.member_number = "4108000099001"
        member.save(update_fields=["member_number"])
    world.extra["checkin_session_b"] = make_session(
        org=world.org_b, actor=world.outsider, title="乙单位签到场次"
    )


def _session(w):
    return {"public_id": w.extra["checkin_session_a"].public_id}


for name in ("checkins:detail", "checkins:edit", "checkins:export", "checkins:scan"):
    declare(CrawlRoute(name, params=_session))
for name in ("checkins:scan_find", "checkins:scan_confirm"):
    declare(CrawlRoute(name, params=_session))
declare(CrawlRoute("checkins_portal:member_code", kind="portal"))
declare(CrawlRoute("checkins_portal:member_code_issue", kind="portal"))

declare_lookup(
    CrawlLookup(
        "checkins:scan_find",
        field="number",
        value=lambda w: w.member_a.member_number,
        params=lambda w: {"public_id": w.extra["checkin_session_b"].public_id},
        world=("checkins_lookup",),
        secrets=lambda w: [w.member_a.name, "甲*员", w.org_a.name],
        note="member of org A on org B's session",
    )
)
