"""Crawler declarations of 竞赛 — part `entries`. 甲县教育工会 runs a contest (without quotas) in which org A's admin
enters org A's plain member (甲会员) in the first round: the round's entries, the entry form, the entry's page with
换人 and 退赛 are org A's (org B's admin, in the other county, cannot see the contest: 404). The member's 我的竞赛 and
their entry's page are portal pages. For the lookup check a city contest is open to both counties' unions: org B's
admin reaches its entry form and posts org A's member as a person to enter."""

from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup

from ..services.entries import entry_create
from .factories import make_contest, make_contest_round, make_group


@build_world("contests_entries")
def _entries_world(world):
    admin = world.org_admin
    contest = make_contest(org=world.county_x, actor=admin, title="甲县教师教学技能竞赛")
    group = make_group(contest=contest)
    contest_round = make_contest_round(contest=contest)
    entry = entry_create(
        contest_round=contest_round,
        group=group,
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=admin,
        title="甲单位参赛作品",
    )
    world.extra.update(contest_round_a=contest_round, contest_entry_a=entry)
    world.extra.setdefault("markers", []).append("甲单位参赛作品")


@build_world("contests_entries_lookup", kinds=("lookup",))
def _city_contest_world(world):
    contest = make_contest(org=world.city, actor=world.org_admin, title="全市教师教学技能竞赛")
    group = make_group(contest=contest)
    world.extra["contest_round_city"] = make_contest_round(contest=contest)
    world.extra["contest_group_city"] = group


def _round(w):
    return {"round_id": w.extra["contest_round_a"].pk}


def _entry(w):
    return {"entry_id": w.extra["contest_entry_a"].pk}


def _my_entry(w):
    return {"public_id": w.extra["contest_entry_a"].public_id}


for name in ("contests:round_entries", "contests:entry_add", "contests:entries_export"):
    declare(CrawlRoute(name, params=_round))
for name in ("contests:entry_detail", "contests:entry_replace", "contests:entry_withdraw"):
    declare(CrawlRoute(name, params=_entry))
declare(CrawlRoute("contests_portal:my_contests", kind="portal"))
for name in ("contests_portal:my_entry", "contests_portal:my_entry_confirm"):
    declare(CrawlRoute(name, kind="portal", params=_my_entry))

declare_lookup(
    CrawlLookup(
        url_name="contests:entry_add",
        field="members",
        value=lambda w: str(w.member_a.pk),
        secrets=lambda w: [w.member_a.name, w.member_a.phone, w.member_a.id_number_masked],
        data=lambda w: {"entrant_org": w.org_b.pk, "group": w.extra["contest_group_city"].pk},
        params=lambda w: {"round_id": w.extra["contest_round_city"].pk},
        world=("contests_entries_lookup",),
    )
)
