"""PostgreSQL: two cadres adding the last places of a team at the same instant never pass its size limit — every
roster writer locks the Delegation row before it counts."""

import pytest

from gonghui.activities.choices import DelegationRole
from gonghui.activities.models import DelegationMember
from gonghui.activities.services.teams import delegation_member_add

from .factories_teams import make_delegation, members_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_cadres_adding_at_once_keep_the_size_limit(world, run_concurrently):
    # given a team of org A with room for 2, and 4 members to add at once
    delegation = make_delegation(world, max_size=2)
    people = members_of(world.org_a, 4)
    # when
    results, errors = run_concurrently(
        *[
            (
                lambda number=person.member_number: delegation_member_add(
                    delegation=delegation, actor=world.org_admin, who=number, role=DelegationRole.PLAYER
                )
            )
            for person in people
        ]
    )
    # then two are in, two were told the roster is full
    assert len(results) == 2
    assert sorted("名单已满" in str(e) for e in errors) == [True, True]
    assert DelegationMember.objects.filter(delegation=delegation).count() == 2
