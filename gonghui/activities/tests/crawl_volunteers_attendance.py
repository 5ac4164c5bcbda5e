"""The route of 按活动签到生成服务记录 for tests/test_permission_crawler.py: a project of org A linked to an activity
that ended yesterday, 甲会员 (on the team) checked in and out — the confirmation page names them (org B's admin: 404)."""

import datetime as dt

from django.utils import timezone

from gonghui.activities.choices import ActivityKind, AttendanceMethod
from gonghui.activities.models import Attendance, VolunteerProject
from gonghui.activities.tests.factories import make_activity
from gonghui.activities.tests.factories_volunteers import make_project, make_team
from gonghui.core.crawler import CrawlRoute, build_world, declare


@build_world("activities_volunteers_attendance")
def _attendance_world(world):
    start = timezone.now() - dt.timedelta(days=1)
    activity = make_activity(
        org=world.org_a,
        actor=world.org_admin,
        title="甲校送教活动",
        kind=ActivityKind.VOLUNTEER,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )
    team = make_team(org=world.org_a, actor=world.org_admin, members=(world.member_a,), name="甲校签到服务队")
    project = make_project(team=team, actor=world.org_admin, title="甲校签到送教")
    VolunteerProject.objects.filter(pk=project.pk).update(activity=activity)
    Attendance.objects.create(
        activity=activity,
        member=world.member_a,
        method=AttendanceMethod.MANUAL,
        checked_in_at=start,
        checked_out_at=start + dt.timedelta(hours=2),
        recorded_by=world.org_admin,
    )
    world.extra["volunteer_attendance_project"] = project


def _project(world):
    return {"project_id": world.extra["volunteer_attendance_project"].pk}


declare(CrawlRoute("activities:record_from_attendance", params=_project))
