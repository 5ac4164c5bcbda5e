"""工间操 services (part `exercise`): adoption and its stop, a day's confirmed count, check-in through the real
check-in services recording the participation, and the rates rolled up the tree with small cells hidden."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_cadre
from gonghui.activities.choices import ParticipationMethod
from gonghui.activities.models import ExerciseParticipation, ExerciseSession
from gonghui.activities.selectors.exercise import HIDDEN, exercise_rates
from gonghui.activities.services.exercise import adoption_stop, session_confirm, session_for_day
from gonghui.activities.tests.factories_exercise import (
    code_payload,
    make_adoption,
    make_members,
    make_routine,
)
from gonghui.checkins.services import checkin_manual, checkin_validate
from gonghui.core.timeline import timeline_for
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(world):
    return make_cadre("admin_cx", world.county_x)


@pytest.fixture
def routine(world, county_admin):
    return make_routine(org=world.county_x, actor=county_admin)


def test_a_unit_adopts_stops_and_adopts_again(world, routine):
    adoption = make_adoption(routine=routine, org=world.org_a, actor=world.org_admin)
    assert (adoption.weekdays, adoption.stopped_on) == ("1234567", None)
    adoption_stop(actor=world.org_admin, adoption=adoption)
    adoption.refresh_from_db()
    assert adoption.stopped_on == timezone.localdate()
    with pytest.raises(ValidationError, match="已停止推广"):
        adoption_stop(actor=world.org_admin, adoption=adoption)
    again = make_adoption(routine=routine, org=world.org_a, actor=world.org_admin, weekdays="135")
    assert (again.pk, again.weekdays, again.stopped_on) == (adoption.pk, "135", None)
    assert [e.action_label for e in timeline_for(adoption)] == ["登记推广", "停止推广", "重新推广"]


def test_adoption_only_below_the_routine_union_and_by_its_manager(world, routine):
    other = make_routine(org=world.org_b, actor=world.outsider, name="八段锦")
    with pytest.raises(ValidationError) as refused:
        make_adoption(routine=other, org=world.org_b, actor=world.outsider) and make_adoption(
            routine=routine, org=world.org_b, actor=world.outsider
        )
    assert "只能为发布工会本级或其下级工会登记推广" in str(refused.value)
    with pytest.raises(PermissionDenied):
        make_adoption(routine=routine, org=world.org_a, actor=world.outsider)


def test_the_unit_confirms_the_day_count_once_per_day(world, routine):
    adoption = make_adoption(routine=routine, org=world.org_a, actor=world.org_admin)
    make_members(world.org_a, 5)  # 甲会员 + 5
    today = timezone.localdate()
    session = session_confirm(actor=world.org_admin, adoption=adoption, day=today, count=4, note="雨天室内")
    again = session_confirm(actor=world.org_admin, adoption=adoption, day=today, count=6)
    assert again.pk == session.pk == session_for_day(actor=world.org_admin, adoption=adoption, day=today).pk
    assert ExerciseSession.objects.filter(adoption=adoption).count() == 1
    assert (again.confirmed_count, again.confirmed_by) == (6, world.org_admin)
    with pytest.raises(ValidationError, match="不能超过本单位会员数"):
        session_confirm(actor=world.org_admin, adoption=adoption, day=today, count=7)
    with pytest.raises(ValidationError, match="不是本单位的工间操日"):
        session_for_day(
            actor=world.org_admin, adoption=adoption, day=adoption.started_on - dt.timedelta(days=1)
        )


def test_a_scanned_code_checks_the_member_in_and_records_the_participation(world, routine):
    adoption = make_adoption(routine=routine, org=world.org_a, actor=world.org_admin)
    session = session_for_day(actor=world.org_admin, adoption=adoption, day=timezone.localdate())
    payload = code_payload(world.member_a, actor=world.org_admin)
    check_in = checkin_validate(target=session, payload=payload, actor=world.org_admin)
    participation = ExerciseParticipation.objects.get(session=session)
    assert (participation.member, participation.method, participation.check_in) == (
        world.member_a,
        ParticipationMethod.CHECKIN,
        check_in,
    )
    with pytest.raises(ValidationError, match="已签到"):
        checkin_validate(target=session, payload=payload, actor=world.org_admin)
    foreign = MemberFactory.create(org=world.org_b)
    with pytest.raises(ValidationError, match="不在本次签到范围"):
        checkin_manual(target=session, member=foreign, actor=world.org_admin)
    with pytest.raises(PermissionDenied):
        checkin_manual(target=session, member=world.member_a, actor=world.outsider)
    with pytest.raises(ValidationError, match="已有会员扫码签到"):
        session_confirm(actor=world.org_admin, adoption=adoption, day=session.held_on, count=3)


def test_a_confirmed_day_takes_no_check_in(world, routine):
    adoption = make_adoption(routine=routine, org=world.org_a, actor=world.org_admin)
    session = session_confirm(actor=world.org_admin, adoption=adoption, day=timezone.localdate(), count=1)
    with pytest.raises(ValidationError, match="已由单位确认参与人数"):
        checkin_manual(target=session, member=world.member_a, actor=world.org_admin)
    assert not ExerciseParticipation.objects.exists()


def test_rates_roll_up_the_tree_two_units_one_adopting(world, routine):
    members = make_members(world.org_a, 11)  # 12 members in org A
    make_members(world.org_b, 12)
    adoption = make_adoption(routine=routine, org=world.org_a, actor=world.org_admin)
    today = timezone.localdate()
    session = session_for_day(actor=world.org_admin, adoption=adoption, day=today)
    for member in members[:3]:
        checkin_manual(target=session, member=member, actor=world.org_admin)
    yesterday = today - dt.timedelta(days=1)
    if yesterday.month == today.month:
        session_confirm(actor=world.org_admin, adoption=adoption, day=yesterday, count=9)
    rows = {row.org.code: row for row in exercise_rates(world.city, today)}
    held = 2 if yesterday.month == today.month else 1
    parts = 3 + (9 if held == 2 else 0)
    city, county_x, county_y = rows["CITY"], rows["CX"], rows["CY"]
    assert (city.grassroots, city.adopting, city.adoption_rate) == (2, 1, "50.0%")
    assert (county_x.adoption_rate, county_y.adoption_rate) == ("100.0%", "0.0%")
    assert (city.members, city.sessions, city.participations) == ("12", held, str(parts))
    assert city.participation_rate == f"{parts * 100 / (12 * held):.1f}%"
    assert county_x.participation_rate == city.participation_rate
    # 乙县: no adopting unit, so no people behind its participation cells: “—”, not a misleading “<10”
    assert (county_y.members, county_y.participations, county_y.participation_rate) == ("—",) * 3
    assert "ORGA" not in rows  # the city's rows are itself and its children


def test_a_unit_under_ten_members_shows_less_than_ten(world, routine):
    make_members(world.org_a, 3)
    adoption = make_adoption(routine=routine, org=world.org_a, actor=world.org_admin)
    session_confirm(actor=world.org_admin, adoption=adoption, day=timezone.localdate(), count=2)
    (county_x, org_a) = exercise_rates(world.county_x, timezone.localdate())
    assert (county_x.adopting, org_a.adoption_rate) == (1, "100.0%")
    assert (org_a.members, org_a.participations, org_a.participation_rate) == (HIDDEN,) * 3
    assert org_a.sessions == 1
