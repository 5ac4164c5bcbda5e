"""Teams sent to events above the platform, for tests: a delegation made through the services, city union cadres
(grants on the root), members of a union to put on a roster, and a roster ready to submit."""

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import make_cadre
from gonghui.activities.choices import DelegationRole
from gonghui.activities.models import Delegation
from gonghui.activities.services.teams import DelegationInput, delegation_create, delegation_member_add
from gonghui.members.tests.factories import MemberFactory


def team_input(**overrides: Any) -> DelegationInput:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "name": "甲中教工篮球队",
        "event_name": "河南省教科文卫体系统职工篮球赛",
        "event_organiser": "河南省教科文卫体工会",
        "event_item": "男子篮球",
        "event_place": "郑州市体育馆",
        "event_starts_on": today + dt.timedelta(days=20),
        "event_ends_on": today + dt.timedelta(days=22),
        "entry_deadline": today + dt.timedelta(days=10),
        "max_size": None,
        "coach_name": "",
    }
    if "event_starts_on" in overrides and "entry_deadline" not in overrides:
        values["entry_deadline"] = None
    values.update(overrides)
    return DelegationInput(**values)


def make_delegation(world: Any, *, org: Any = None, actor: Any = None, **overrides: Any) -> Delegation:
    return delegation_create(
        org=org or world.org_a, actor=actor or world.org_admin, data=team_input(**overrides)
    )


def city_admin(world: Any, username: str = "city_admin") -> Any:
    """An admin of the city union: `activities.manage` on the root of the tree."""
    return make_cadre(username, world.city)


def members_of(org: Any, count: int, prefix: str = "队员") -> list[Any]:
    return [
        MemberFactory.create(org=org, name=f"{prefix}{i}", member_number=f"{org.code}-{prefix}-{i}")
        for i in range(1, count + 1)
    ]


def ready_roster(world: Any, delegation: Delegation, *, actor: Any = None) -> list[Any]:
    """A leader (the member of org A with a portal account) and two players: enough to submit."""
    actor = actor or world.org_admin
    players = members_of(delegation.org, 2)
    delegation_member_add(
        delegation=delegation,
        actor=actor,
        who=world.member_a.member_number or world.member_a.name,
        role=DelegationRole.LEADER,
    )
    for player in players:
        delegation_member_add(
            delegation=delegation, actor=actor, who=player.member_number, role=DelegationRole.PLAYER
        )
    return players
