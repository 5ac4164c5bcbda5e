"""The demo 活动与志愿服务 on the demo tree, accounts and members (seeded once for this module, rolled back after):
the 事迹报告会 with its waiting list, attendance and report, what the README member finds open and has signed up
for, the 送教下乡 hours counted and in 公示 with his 证明, 工间操 in two units, the teams sent to provincial events;
a second run adds nothing and no account."""

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.demo import seed_accounts
from gonghui.accounts.models import RoleGrant, User
from gonghui.activities.audiences import audience_admits
from gonghui.activities.choices import (
    ActivityKind,
    ActivityStatus,
    DelegationRole,
    DelegationStatus,
    ProofStatus,
    RegistrationStatus,
    ServiceRecordStatus,
    VolunteerTeamKind,
)
from gonghui.activities.demo import (
    BADMINTON_TITLE,
    COUNTY_TEAM,
    DEMO_MEMBER_PHONE,
    DEMO_NURSE_PHONE,
    OLD_RESULT,
    OLD_TEAM,
    REPORT_CAPACITY,
    REPORT_LATE,
    REPORT_NO_SHOWS,
    REPORT_TITLE,
    REPORT_WAITLISTED,
    ROUTINE_NAME,
    TT_TEAM,
    WALK_TITLE,
    seed_activities,
)
from gonghui.activities.demo_volunteers import MEDICAL_TEAM, TEACHING_TEAM
from gonghui.activities.models import (
    Activity,
    Attendance,
    Delegation,
    ExerciseParticipation,
    ExerciseRoutine,
    ExerciseSession,
    ProofRequest,
    Registration,
    ServiceRecord,
    VolunteerMembership,
    VolunteerProject,
)
from gonghui.activities.selectors.signup import signup_refusal
from gonghui.attachments.models import Attachment
from gonghui.members.demo import seed_members
from gonghui.members.models import Member
from gonghui.orgs.demo import seed_orgs
from tests.demo_seeding import Seeded, seeded_twice

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "grants": RoleGrant.objects.count(),
        "activities": Activity.objects.count(),
        "registrations": Registration.objects.count(),
        "attendances": Attendance.objects.count(),
        "records": ServiceRecord.objects.count(),
        "sessions": ExerciseSession.objects.count(),
        "participations": ExerciseParticipation.objects.count(),
        "delegations": Delegation.objects.count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with (
        django_db_blocker.unblock(),
        seeded_twice(
            seed_activities, before=(seed_orgs, seed_accounts, seed_members), counts=_counts
        ) as seeded,
    ):
        yield seeded


def _member(phone: str) -> Member:
    return Member.objects.select_related("user", "org").get(user__phone=phone)


def test_a_second_run_adds_nothing_and_no_account(seeded: Seeded) -> None:
    assert "本次新建" in seeded.first
    assert seeded.second.endswith("本次无新增")
    assert seeded.after_second == seeded.after_first
    assert seeded.after_first["users"] == seeded.before["users"]
    assert seeded.after_first["grants"] == seeded.before["grants"]


def test_the_report_meeting_has_a_waiting_list_attendance_and_its_report(seeded: Seeded) -> None:
    meeting = Activity.objects.get(title=REPORT_TITLE)
    assert (meeting.org.code, meeting.kind, meeting.status) == (
        "JZJKWT",
        ActivityKind.REPORT,
        ActivityStatus.PUBLISHED,
    )
    assert meeting.ends_at < timezone.now()
    assert meeting.report
    assert meeting.capacity == REPORT_CAPACITY
    states = list(meeting.registrations.values_list("status", flat=True))
    assert states.count(RegistrationStatus.CONFIRMED) == REPORT_CAPACITY
    assert states.count(RegistrationStatus.WAITLISTED) == REPORT_WAITLISTED
    came = Attendance.objects.filter(activity=meeting)
    assert came.count() == REPORT_CAPACITY - REPORT_NO_SHOWS
    assert came.filter(late=True).count() == REPORT_LATE
    assert not came.filter(registration__isnull=True).exists()
    assert meeting.registrations.filter(member=_member(DEMO_NURSE_PHONE)).exists()


def test_the_readme_member_finds_an_open_activity_and_holds_a_receipt(seeded: Seeded) -> None:
    member = _member(DEMO_MEMBER_PHONE)
    walk = Activity.objects.get(title=WALK_TITLE)
    assert walk.starts_at > timezone.now()
    assert signup_refusal(walk) == ""
    assert audience_admits(walk, member)
    assert not walk.registrations.filter(member=member).exists()
    mine = Registration.objects.get(activity__title=BADMINTON_TITLE, member=member)
    assert mine.status == RegistrationStatus.CONFIRMED
    assert mine.number.startswith("BM")
    assert mine.activity.starts_at > timezone.now()
    assert mine.activity.org == member.org


def test_volunteer_hours_counted_and_in_publicity_and_the_members_proof(seeded: Seeded) -> None:
    member = _member(DEMO_MEMBER_PHONE)
    project = VolunteerProject.objects.get(team__name=TEACHING_TEAM)
    assert project.team.kind == VolunteerTeamKind.TEACHING
    assert "脱贫村" in project.place_tags
    records = ServiceRecord.objects.filter(project=project, member=member)
    states = set(records.values_list("status", flat=True))
    assert states == {ServiceRecordStatus.COUNTED, ServiceRecordStatus.PUBLICISED}
    assert all(r.travel_hours > 0 and r.hours <= Decimal("4") for r in records)
    proof = ProofRequest.objects.get(member=member)
    assert proof.status == ProofStatus.ISSUED
    assert proof.certificate_id is not None
    counted = records.filter(status=ServiceRecordStatus.COUNTED)
    assert proof.hours == sum(r.hours for r in counted)
    nurse = _member(DEMO_NURSE_PHONE)
    assert VolunteerMembership.objects.filter(
        team__name=MEDICAL_TEAM, team__kind=VolunteerTeamKind.MEDICAL, member=nurse
    ).exists()


def test_exercise_rates_from_confirmed_counts_and_checkins(seeded: Seeded) -> None:
    routine = ExerciseRoutine.objects.get(name=ROUTINE_NAME)
    assert routine.org.code == "JZJKWT"
    assert not Attachment.objects.filter(
        object_id=str(routine.pk), content_type__model="exerciseroutine"
    ).exists()
    by_unit = {a.org.code: a for a in routine.adoptions.select_related("org")}
    assert set(by_unit) == {"SS06", "JFQ01"}
    confirmed = ExerciseSession.objects.filter(adoption=by_unit["SS06"])
    assert confirmed.count() == 10
    assert not confirmed.filter(confirmed_count__isnull=True).exists()
    assert not ExerciseParticipation.objects.filter(session__adoption=by_unit["SS06"]).exists()
    checked = ExerciseSession.objects.filter(adoption=by_unit["JFQ01"])
    assert checked.count() == 4
    assert not checked.filter(confirmed_count__isnull=False).exists()
    assert all(s.participations.count() >= 10 for s in checked)
    today = timezone.localdate()
    assert all(0 < (today - s.held_on).days <= 14 for s in [*confirmed, *checked])


def test_teams_approved_with_a_result_and_one_waiting_for_the_city(seeded: Seeded) -> None:
    member = _member(DEMO_MEMBER_PHONE)
    team = Delegation.objects.get(name=TT_TEAM)
    assert team.status == DelegationStatus.APPROVED
    assert team.decided_by == User.objects.get(username="shi_admin")
    roles = dict(team.roster.values_list("member_id", "role"))
    assert roles[member.pk] == DelegationRole.PLAYER
    assert {DelegationRole.LEADER, DelegationRole.COACH} <= set(roles.values())
    old = Delegation.objects.get(name=OLD_TEAM)
    assert old.result == OLD_RESULT
    assert old.event_ends_on < timezone.localdate()
    county = Delegation.objects.get(name=COUNTY_TEAM)
    assert county.status == DelegationStatus.SUBMITTED
    assert county.org.code == "JFQ"


def test_the_readme_member_sees_it_on_the_portal(seeded: Seeded) -> None:
    client = Client()
    user = User.objects.get(phone=DEMO_MEMBER_PHONE)
    client.force_login(user)
    listing = client.get(reverse("activities_portal:list")).content.decode()
    assert WALK_TITLE in listing
    mine = client.get(reverse("activities_portal:mine")).content.decode()
    assert BADMINTON_TITLE in mine
    volunteering = client.get(reverse("activities_portal:volunteer_mine")).content.decode()
    assert "已计入" in volunteering
    assert "公示中" in volunteering
    assert TT_TEAM in client.get(reverse("activities_portal:my_teams")).content.decode()
