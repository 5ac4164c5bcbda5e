"""按活动签到生成服务记录: hours from check-in to check-out (rounded down to the half hour), the activity's duration
when there is no check-out, attendees not on the team skipped with the reason, a second run creating nothing, the
rules that stop it (no linked activity), and three actors on the confirmation page and its button."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_member_user
from gonghui.activities.choices import ActivityKind, AttendanceMethod, ServiceRecordStatus
from gonghui.activities.models import Activity, Attendance, ServiceRecord, VolunteerProject
from gonghui.activities.services.volunteers import records_from_attendance
from gonghui.activities.tests.factories import make_activity
from gonghui.activities.tests.factories_volunteers import make_project, make_team
from gonghui.core.timeline import timeline_for

pytestmark = pytest.mark.django_db


def _activity(world: Any, *, hours: float = 3) -> Activity:
    start = timezone.now().replace(microsecond=0) - dt.timedelta(days=2)
    return make_activity(
        org=world.org_a,
        actor=world.org_admin,
        title="送教下乡·示范课",
        kind=ActivityKind.VOLUNTEER,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
    )


def _attend(activity: Activity, member: Any, *, minutes_out: int | None = None) -> Attendance:
    return Attendance.objects.create(
        activity=activity,
        member=member,
        method=AttendanceMethod.TYPED,
        checked_in_at=activity.starts_at,
        checked_out_at=(
            activity.starts_at + dt.timedelta(minutes=minutes_out) if minutes_out is not None else None
        ),
    )


@pytest.fixture
def linked(world: Any) -> tuple[VolunteerProject, Activity]:
    activity = _activity(world)
    team = make_team(org=world.org_a, actor=world.org_admin, members=(world.member_a,))
    project = make_project(team=team, actor=world.org_admin)
    VolunteerProject.objects.filter(pk=project.pk).update(activity=activity)
    project.refresh_from_db()
    return project, activity


def test_hours_from_check_in_to_check_out_rounded_down_to_the_half_hour(world, linked):
    project, activity = linked
    _attend(activity, world.member_a, minutes_out=2 * 60 + 50)  # 2 h 50 min → 2.5 h
    result = records_from_attendance(project=project, actor=world.org_admin)
    (record,) = result.created
    assert record.hours == Decimal("2.5")
    assert record.travel_hours == Decimal("0")
    assert record.status == ServiceRecordStatus.DRAFT
    assert record.served_on == timezone.localdate(activity.starts_at)
    assert record.content == "送教下乡·示范课"
    assert record.recorded_by == world.org_admin
    steps = list(timeline_for(project))
    assert any("签到生成" in str(step.note) for step in steps)


def test_without_check_out_the_activity_duration_counts(world, linked):
    project, activity = linked
    Activity.objects.filter(pk=activity.pk).update(ends_at=activity.starts_at + dt.timedelta(minutes=200))
    _attend(activity, world.member_a)
    (record,) = records_from_attendance(project=project, actor=world.org_admin).created
    assert record.hours == Decimal("3.0")  # 3 h 20 min scheduled, rounded down


def test_a_figure_for_everyone_when_given_and_checked(world, linked):
    project, activity = linked
    _attend(activity, world.member_a, minutes_out=60)
    with pytest.raises(ValidationError) as err:
        records_from_attendance(project=project, actor=world.org_admin, hours=Decimal("25"))
    assert "统一服务时长" in str(err.value)
    (record,) = records_from_attendance(project=project, actor=world.org_admin, hours=Decimal("4")).created
    assert record.hours == Decimal("4")


def test_an_attendee_not_on_the_team_is_skipped_with_the_reason(world, linked):
    project, activity = linked
    _user, stranger = make_member_user("13700002222", world.org_a, name="乙会员")
    _attend(activity, world.member_a, minutes_out=120)
    _attend(activity, stranger, minutes_out=120)
    result = records_from_attendance(project=project, actor=world.org_admin)
    assert [r.member for r in result.created] == [world.member_a]
    (skip,) = result.skipped
    assert skip.attendance.member == stranger
    assert skip.reason == "活动当日不是本队志愿者"
    assert not ServiceRecord.objects.filter(member=stranger).exists()


def test_a_second_run_creates_nothing(world, linked):
    project, activity = linked
    _attend(activity, world.member_a, minutes_out=120)
    assert len(records_from_attendance(project=project, actor=world.org_admin).created) == 1
    again = records_from_attendance(project=project, actor=world.org_admin)
    assert again.created == []
    assert "已有" in again.skipped[0].reason
    assert ServiceRecord.objects.filter(project=project).count() == 1


def test_without_a_linked_activity_nothing_is_generated(world):
    team = make_team(org=world.org_a, actor=world.org_admin, members=(world.member_a,))
    project = make_project(team=team, actor=world.org_admin)
    with pytest.raises(ValidationError) as err:
        records_from_attendance(project=project, actor=world.org_admin)
    assert "没有关联活动" in str(err.value)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_three_actors_on_the_button(world, linked):
    project, activity = linked
    _user, stranger = make_member_user("13700002222", world.org_a, name="乙会员")
    _attend(activity, world.member_a, minutes_out=90)
    _attend(activity, stranger)
    url = reverse("activities:record_from_attendance", args=[project.pk])
    admin, member, outsider = _client(world.org_admin), _client(world.org_member), _client(world.outsider)
    page = admin.get(reverse("activities:project_detail", args=[project.pk])).content.decode()
    assert "按活动签到生成服务记录" in page
    assert url in page
    confirm = admin.get(url).content.decode()
    assert "甲会员" in confirm
    assert "1.5" in confirm
    assert "确认生成1条服务记录" in confirm
    assert "乙会员" in confirm
    assert "活动当日不是本队志愿者" in confirm
    assert member.get(url).status_code == 403
    assert outsider.get(url).status_code == 404
    assert member.post(url, {}).status_code == 403
    assert outsider.post(url, {}).status_code == 404
    assert not ServiceRecord.objects.exists()
    response = admin.post(url, {}, follow=True)
    assert "已按活动签到生成1条服务记录（待公示）；1人未生成" in response.content.decode()
    assert ServiceRecord.objects.get().hours == Decimal("1.5")
    assert "没有需要生成的服务记录" in admin.get(url).content.decode()
