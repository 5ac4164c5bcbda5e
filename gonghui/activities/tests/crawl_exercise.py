"""Parameterised routes of part exercise (工间操) for tests/test_permission_crawler.py. Org A's admin publishes a
routine of org A and registers org A as adopting it: the console pages name that routine and adoption (org B's
admin: 404); the portal page is the member's own (no parameters)."""

from gonghui.activities.tests.factories_exercise import make_adoption, make_routine
from gonghui.core.crawler import CrawlRoute, build_world, declare


@build_world("activities_exercise")
def _exercise_world(world):
    routine = make_routine(org=world.org_a, actor=world.org_admin, name="甲校第九套广播体操")
    world.extra["exercise_routine_a"] = routine
    world.extra["exercise_adoption_a"] = make_adoption(
        routine=routine, org=world.org_a, actor=world.org_admin
    )
    world.extra.setdefault("markers", []).append("甲校第九套广播体操")


def _routine(world):
    return {"public_id": world.extra["exercise_routine_a"].public_id}


def _adoption(world):
    return {"public_id": world.extra["exercise_adoption_a"].public_id}


for name in (
    "activities:routine_detail",
    "activities:routine_edit",
    "activities:routine_video",
    "activities:adoption_create",
):
    declare(CrawlRoute(name, params=_routine))
for name in ("activities:adoption_detail", "activities:adoption_stop", "activities:exercise_session_detail"):
    declare(CrawlRoute(name, params=_adoption))
declare(CrawlRoute("activities_portal:exercise", kind="portal"))
