"""Crawler declarations of part attendance (routes of `views/attendance.py` and `views/portal_attendance.py`).
Org A's admin runs an activity of org A starting soon, 甲会员 signed up and was checked in by number: the console
pages name that activity (org B's admin: 404), 我的活动签到 is 甲会员's own page. The member-number lookups of the
scanner and of 补登 are declared: org B's admin, on org B's own activity, types org A's member number and must
learn nothing (not even the masked name)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.activities.services.attendance import activity_photo_add
from gonghui.checkins.services import checkin_manual
from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup

from .factories_attendance import PNG, live_activity, register


@build_world("activities_attendance")
def _attendance_world(world):
    activity = live_activity(world, title="甲校签到羽毛球赛")
    register(activity, world.member_a)
    checkin_manual(target=activity, member=world.member_a, actor=world.org_admin)
    world.extra["activities_attendance_photo"] = activity_photo_add(
        activity=activity,
        upload=SimpleUploadedFile("合影.png", PNG, content_type="image/png"),
        actor=world.org_admin,
    )
    world.extra["activities_attendance_activity"] = activity
    world.extra.setdefault("markers", []).append("甲校签到羽毛球赛")


@build_world("activities_attendance_lookup", kinds=("lookup",))
def _attendance_lookup_world(world):
    member = world.member_a
    if not member.member_number:
        member.member_number = "4108000099021"
        member.save(update_fields=["member_number"])
    world.extra["activities_attendance_activity_b"] = live_activity(
        world, org=world.org_b, actor=world.outsider, title="乙院签到活动"
    )


def _activity(world):
    return {"activity_id": world.extra["activities_attendance_activity"].pk}


def _attendance(world):
    activity = world.extra["activities_attendance_activity"]
    return {"attendance_id": activity.attendances.get().pk}


for name in (
    "activities:scan",
    "activities:attendance",
    "activities:attendance_export",
    "activities:attendance_manual",
    "activities:report",
    "activities:photo_add",
):
    declare(CrawlRoute(name, params=_activity))
declare(CrawlRoute("activities:checkout", params=_attendance))
declare(
    CrawlRoute(
        "activities:photo_remove",
        params=lambda w: {
            "activity_id": w.extra["activities_attendance_activity"].pk,
            "public_id": w.extra["activities_attendance_photo"].public_id,
        },
    )
)
declare(CrawlRoute("activities_portal:my_attendance", kind="portal"))


def _activity_b(world):
    return {"activity_id": world.extra["activities_attendance_activity_b"].pk}


def _secrets(world):
    return [world.member_a.name, "甲*员", world.org_a.name]


declare_lookup(
    CrawlLookup(
        "activities:scan",
        field="number",
        value=lambda w: w.member_a.member_number,
        data=lambda w: {"step": "find"},
        params=_activity_b,
        secrets=_secrets,
        world=("activities_attendance_lookup",),
        note="member of org A on org B's activity",
    )
)
declare_lookup(
    CrawlLookup(
        "activities:attendance_manual",
        field="number",
        value=lambda w: w.member_a.member_number,
        data=lambda w: {"reason": "手机没电"},
        params=_activity_b,
        secrets=_secrets,
        world=("activities_attendance_lookup",),
        note="member of org A on org B's activity",
    )
)
