"""PostgreSQL: two scanners open the same unit's 工间操 day at the same instant (each checking a member in) — one
session is made and both members are recorded on it. `session_for_day` locks the adoption row before it looks for
the day's session, so the second waits and finds the first's."""

import pytest
from django.utils import timezone

from conftest import make_cadre
from gonghui.activities.models import ExerciseParticipation, ExerciseSession
from gonghui.activities.services.exercise import session_for_day
from gonghui.checkins.services import checkin_manual
from gonghui.members.tests.factories import MemberFactory

from .factories_exercise import make_adoption, make_routine

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_scanners_opening_the_same_day_share_one_session(world, run_concurrently):
    routine = make_routine(org=world.org_a, actor=world.org_admin)
    adoption = make_adoption(routine=routine, org=world.org_a, actor=world.org_admin)
    scanners = [world.org_admin, make_cadre("ex_scanner", world.org_a)]
    members = [world.member_a, MemberFactory.create(org=world.org_a)]
    today = timezone.localdate()

    def scan(actor, member):
        session = session_for_day(actor=actor, adoption=adoption, day=today)
        return checkin_manual(target=session, member=member, actor=actor)

    results, errors = run_concurrently(
        *[lambda a=a, m=m: scan(a, m) for a, m in zip(scanners, members, strict=True)]
    )
    assert errors == []
    assert len(results) == 2
    assert ExerciseSession.objects.filter(adoption=adoption).count() == 1
    assert ExerciseParticipation.objects.filter(session__adoption=adoption).count() == 2
