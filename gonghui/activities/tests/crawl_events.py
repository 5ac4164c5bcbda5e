"""Parameterised routes of part events for tests/test_permission_crawler.py: org A's admin makes an activity of
org A (published, with a budget and one spending); org B's admin gets 404 on each, the plain member 403."""

from decimal import Decimal

from django.utils import timezone

from gonghui.activities.services.events import activity_publish, spending_add
from gonghui.activities.tests.factories_events import create_activity
from gonghui.core.crawler import CrawlRoute, build_world, declare


@build_world("activities_events")
def _events_world(world):
    activity = create_activity(
        org=world.org_a, actor=world.org_admin, title="甲校教职工羽毛球赛", budget=Decimal(500)
    )
    activity_publish(activity=activity, actor=world.org_admin)
    spending = spending_add(
        activity=activity,
        amount="120.00",
        purpose="场地费",
        spent_on=timezone.localdate(),
        actor=world.org_admin,
    )
    world.extra["activities_activity_a"] = activity
    world.extra["activities_spending_a"] = spending
    world.extra.setdefault("markers", []).append("甲校教职工羽毛球赛")


def _activity(world):
    return {"activity_id": world.extra["activities_activity_a"].pk}


def _spending(world):
    return {"spending_id": world.extra["activities_spending_a"].pk}


for name in (
    "activities:detail",
    "activities:edit",
    "activities:publish",
    "activities:cancel",
    "activities:spendings",
):
    declare(CrawlRoute(name, params=_activity))
declare(CrawlRoute("activities:spending_delete", params=_spending))
