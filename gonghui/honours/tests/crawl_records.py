"""Crawler declarations of 评选表彰 — part `records`. Org A's admin records an honour by hand for org A's plain member
(甲会员): its page, edit, photo and revoke pages are org A's (org B's admin, in the other county, gets 404); the
member's 我的荣誉 and the honour's portal page are portal pages. The lookup check posts org A's member by name to
the 登记荣誉 form as org B's admin: "not found" reads the same as "out of scope"."""

import datetime as dt

from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup

from ..choices import HonourLevel
from ..services.records import honour_record


@build_world("honours_records")
def _records_world(world):
    honour = honour_record(
        org=world.org_a,
        actor=world.org_admin,
        member=world.member_a,
        title="全国五一劳动奖章",
        level=HonourLevel.NATIONAL,
        year=2019,
        awarded_by="中华全国总工会",
        awarded_on=dt.date(2019, 4, 30),
        story="扎根讲台二十年。",
    )
    world.extra["honour_a"] = honour
    world.extra.setdefault("markers", []).append("全国五一劳动奖章")


def _honour(w):
    return {"honour_id": w.extra["honour_a"].pk}


def _my_honour(w):
    return {"public_id": w.extra["honour_a"].public_id}


for name in (
    "honours:honour_detail",
    "honours:honour_edit",
    "honours:honour_revoke",
    "honours:honour_photo_add",
):
    declare(CrawlRoute(name, params=_honour))
declare(CrawlRoute("honours_portal:my_honours", kind="portal"))
declare(CrawlRoute("honours_portal:my_honour", kind="portal", params=_my_honour))

declare_lookup(
    CrawlLookup(
        url_name="honours:honour_create",
        field="member",
        value=lambda w: w.member_a.name,
        secrets=lambda w: [w.member_a.phone, w.member_a.id_number_masked, w.org_a.name],
        data=lambda w: {
            "holder": "person",
            "title": "河南省五一劳动奖章",
            "level": HonourLevel.PROVINCIAL,
            "year": "2020",
            "awarded_by": "河南省总工会",
            "awarded_on": "2020-04-28",
        },
    )
)
