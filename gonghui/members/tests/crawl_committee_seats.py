"""Crawler declarations for the 委员名单 pages: org A's member sits on org A's 工会委员会."""

from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup
from gonghui.members.models import CommitteeSeat
from gonghui.orgs.choices import CommitteeKind
from gonghui.orgs.models import Committee


@build_world("members_committee_seats")
def _seats_world(world):
    committee, _ = Committee.objects.get_or_create(org=world.org_a, kind=CommitteeKind.UNION, is_current=True)
    world.extra["seat_committee_a"] = committee
    world.extra["seat_a"], _ = CommitteeSeat.objects.get_or_create(committee=committee, member=world.member_a)


declare(CrawlRoute("members:committees", params=lambda w: {"code": w.org_a.code}))
declare(
    CrawlRoute(
        "members:committee_seat_add",
        params=lambda w: {"code": w.org_a.code, "committee_pk": w.extra["seat_committee_a"].pk},
    )
)
for name in ["members:committee_seat_role", "members:committee_seat_remove"]:
    declare(CrawlRoute(name, params=lambda w: {"code": w.org_a.code, "pk": w.extra["seat_a"].pk}))


# ---- lookup by POST body: org B's admin posts org A's member to a committee of org B ----------------------------


@build_world("members_committee_seats_lookup", kinds=("lookup",))
def _seats_lookup_world(world):
    world.extra["committee_b"], _ = Committee.objects.get_or_create(
        org=world.org_b, kind=CommitteeKind.UNION, is_current=True
    )


declare_lookup(
    CrawlLookup(
        "members:committee_seat_add",
        field="member",
        value=lambda w: str(w.member_a.public_id),
        data=lambda w: {"role": "member"},
        params=lambda w: {"code": w.org_b.code, "committee_pk": w.extra["committee_b"].pk},
        secrets=lambda w: [w.member_a.name, w.org_a.name],
        world=("members_committee_seats_lookup",),
    )
)
