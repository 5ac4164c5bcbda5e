"""contests.entries: people entered in the period by the unions of each subtree, promotions and withdrawals left
out."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from gonghui.contests.choices import EntryStatus
from gonghui.contests.models import Entry
from gonghui.contests.tests.factories import (
    make_contest,
    make_contest_entry,
    make_contest_round,
    make_team_group,
)
from gonghui.core.registry import Period, indicator_sources
from gonghui.members.tests.factories import MemberFactory


def test_entries_count_people_entered_in_the_period(world):
    # given: org A entered a team of three and promoted it; org B entered one person and withdrew; county Y's entry
    # of two was made last year
    contest = make_contest(org=world.city, actor=world.org_admin)
    group = make_team_group(contest=contest)
    first, final = make_contest_round(contest=contest), make_contest_round(contest=contest, level=2)
    team = [MemberFactory.create(org=world.org_a) for _ in range(3)]
    entry = make_contest_entry(
        contest_round=first, group=group, entrant_org=world.org_a, members=team, actor=world.org_admin
    )
    make_contest_entry(
        contest_round=final,
        group=group,
        entrant_org=world.org_a,
        members=team,
        actor=world.org_admin,
        promoted_from=entry,
    )
    make_contest_entry(
        contest_round=first,
        group=group,
        entrant_org=world.org_b,
        members=[MemberFactory.create(org=world.org_b)],
        actor=world.org_admin,
        status=EntryStatus.WITHDRAWN,
    )
    old = make_contest_entry(
        contest_round=first,
        group=group,
        entrant_org=world.county_y,
        members=[MemberFactory.create(org=world.county_y) for _ in range(2)],
        actor=world.org_admin,
    )
    Entry.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    orgs = [world.city, world.county_x, world.county_y, world.org_b]

    # when
    values = indicator_sources.get("contests.entries").values_for(orgs, Period.year_to(timezone.localdate()))

    # then
    assert {org.code: values[org.id].value for org in orgs} == {
        "CITY": Decimal(3),
        "CX": Decimal(3),
        "CY": Decimal(0),
        "ORGB": Decimal(0),
    }
    assert values[world.county_x.id].detail == "报名 1 项，3 人次"
