"""Crawler declarations of part teams (routes of `views/teams.py` and `views/portal_teams.py`). Org A's admin forms a
team of org A with org A's member as its leader: the team's pages and buttons are org A's (org B's admin: 404,
org A's plain member: 403). The add-member form names a member by 会员编号 or 姓名: posted by org B's admin to
org B's own team with org A's member's name, it must show none of their data."""

from gonghui.activities.choices import DelegationRole
from gonghui.activities.services.teams import delegation_create, delegation_member_add
from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup

from .factories_teams import team_input


@build_world("activities_teams")
def _teams_world(world):
    delegation = delegation_create(
        org=world.org_a,
        actor=world.org_admin,
        data=team_input(name="甲中教工乒乓球队", event_place="甲中标记馆"),
    )
    entry = delegation_member_add(
        delegation=delegation, actor=world.org_admin, who=world.member_a.name, role=DelegationRole.LEADER
    )
    world.extra["activities_delegation_a"] = delegation
    world.extra["activities_delegation_entry_a"] = entry
    world.extra.setdefault("markers", []).extend(["甲中教工乒乓球队"])


@build_world("activities_teams_lookup", kinds=("lookup",))
def _teams_lookup_world(world):
    world.extra["activities_delegation_b"] = delegation_create(
        org=world.org_b, actor=world.outsider, data=team_input(name="乙院教工乒乓球队")
    )


def _delegation(world):
    return {"delegation_id": world.extra["activities_delegation_a"].pk}


for name in (
    "activities:delegation_detail",
    "activities:delegation_edit",
    "activities:delegation_member_add",
    "activities:delegation_submit",
    "activities:delegation_approve",
    "activities:delegation_return",
    "activities:delegation_withdraw",
    "activities:delegation_result",
    "activities:delegation_export",
):
    declare(CrawlRoute(name, params=_delegation))
declare(
    CrawlRoute(
        "activities:delegation_member_remove",
        params=lambda w: {"entry_id": w.extra["activities_delegation_entry_a"].pk},
    )
)
declare(CrawlRoute("activities_portal:my_teams", kind="portal"))
declare_lookup(
    CrawlLookup(
        "activities:delegation_member_add",
        field="who",
        value=lambda w: [w.member_a.name, w.member_a.member_number or w.member_a.name],
        params=lambda w: {"delegation_id": w.extra["activities_delegation_b"].pk},
        data=lambda w: {"role": DelegationRole.PLAYER, "item": ""},
        world=("activities_teams_lookup",),
        secrets=lambda w: [w.member_a.name, w.member_a.phone],
        note="member of org A",
    )
)
