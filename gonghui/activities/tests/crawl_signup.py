"""Parameterised routes of part signup for tests/test_permission_crawler.py. Org A's admin publishes an activity of
org A (approval required) and 甲会员 signs up: the console pages name that activity and registration (org B's
admin: 404), the portal pages are 甲会员's (the activity admits him)."""

from gonghui.activities.tests.factories_signup import make_signup_activity, sign_up
from gonghui.core.crawler import CrawlRoute, build_world, declare


@build_world("activities_signup")
def _signup_world(world):
    activity = make_signup_activity(
        org=world.org_a, actor=world.org_admin, title="甲校教职工趣味运动会", approval_required=True
    )
    world.extra["activities_signup_activity"] = activity
    world.extra["activities_signup_registration"] = sign_up(activity, world.member_a)
    world.extra.setdefault("markers", []).append("甲校教职工趣味运动会")


def _activity(world):
    return {"activity_id": world.extra["activities_signup_activity"].pk}


def _registration(world):
    return {
        "activity_id": world.extra["activities_signup_activity"].pk,
        "registration_id": world.extra["activities_signup_registration"].pk,
    }


def _public(world):
    return {"public_id": world.extra["activities_signup_activity"].public_id}


for name in ("activities:registrations", "activities:registrations_export", "activities:remind"):
    declare(CrawlRoute(name, params=_activity))
for name in (
    "activities:registration_approve",
    "activities:registration_reject",
    "activities:registration_cancel",
):
    declare(CrawlRoute(name, params=_registration))
declare(CrawlRoute("activities_portal:list", kind="portal"))
declare(CrawlRoute("activities_portal:mine", kind="portal"))
for name in (
    "activities_portal:detail",
    "activities_portal:signup",
    "activities_portal:receipt",
    "activities_portal:cancel",
):
    declare(CrawlRoute(name, kind="portal", params=_public))
declare(CrawlRoute("api:activities_open_mine", kind="personal"))
