"""Parameterised routes of part volunteers for tests/test_permission_crawler.py (see gonghui/welfare/tests/crawl_*.py).
Org A's admin founds a team with 甲会员, a project with one counted record (公示 closed) and one draft, and
甲会员 holds an issued 证明:
the console pages name those (org B's admin: 404), the portal receipt is 甲会员's own."""

from gonghui.activities.models import VolunteerMembership
from gonghui.activities.services.volunteers import proof_request, records_publicise
from gonghui.activities.tests.factories_volunteers import enter, make_project, make_team
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.notices.services import notices_close_due


@build_world("activities_volunteers")
def _volunteers_world(world):
    import datetime as dt

    from django.utils import timezone

    team = make_team(
        org=world.org_a, actor=world.org_admin, members=(world.member_a,), name="甲校送教志愿服务队"
    )
    project = make_project(team=team, actor=world.org_admin, title="甲校送教下乡")
    enter(project=project, actor=world.org_admin, rows=[(world.member_a, "3", "1")], days_ago=20)
    records_publicise(project=project, actor=world.org_admin)
    today = timezone.localdate()
    notices_close_due(today=today + dt.timedelta(days=8))  # the 7 days of 公示 are over: the record counts
    (record,) = enter(project=project, actor=world.org_admin, rows=[(world.member_a, "2", "0")], days_ago=2)
    proof = proof_request(
        member=world.member_a,
        org=world.org_a,
        period_from=today - dt.timedelta(days=30),
        period_to=today,
        purpose="评优",
        actor=world.member_a.user,
    )
    world.extra["volunteer_team"] = team
    world.extra["volunteer_project"] = project
    world.extra["volunteer_record"] = record
    world.extra["volunteer_membership"] = VolunteerMembership.objects.get(team=team, member=world.member_a)
    world.extra["volunteer_proof"] = proof
    world.extra.setdefault("markers", []).append("甲校送教志愿服务队")


def _team(world):
    return {"team_id": world.extra["volunteer_team"].pk}


def _project(world):
    return {"project_id": world.extra["volunteer_project"].pk}


def _record(world):
    return {"record_id": world.extra["volunteer_record"].pk}


def _membership(world):
    return {"membership_id": world.extra["volunteer_membership"].pk}


def _member(world):
    return {"member_id": world.member_a.public_id}


def _proof(world):
    return {"public_id": world.extra["volunteer_proof"].public_id}


for name in (
    "activities:team_detail",
    "activities:team_edit",
    "activities:volunteer_add",
    "activities:project_create",
):
    declare(CrawlRoute(name, params=_team))
for name in (
    "activities:project_detail",
    "activities:project_edit",
    "activities:record_batch",
    "activities:project_publicise",
):
    declare(CrawlRoute(name, params=_project))
for name in ("activities:record_edit", "activities:record_withdraw"):
    declare(CrawlRoute(name, params=_record))
declare(CrawlRoute("activities:volunteer_leave", params=_membership))
for name in ("activities:volunteer_detail", "activities:volunteer_note_create"):
    declare(CrawlRoute(name, params=_member))
declare(CrawlRoute("activities_portal:volunteer_mine", kind="portal"))
declare(CrawlRoute("activities_portal:proof_new", kind="portal"))
declare(CrawlRoute("activities_portal:proof_receipt", kind="portal", params=_proof))
