"""Permission-crawler routes of part projects (see tests/test_permission_crawler.py). Org A's admin has a call of
org A and an approved project of org A under it (在研, with a number): the project page and its action pages name
that project (org B's admin: 404; a member: 403); the 结项 PDF names a concluded project of the same call."""

from django.utils import timezone

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.surveys.choices import ProjectRating, ProjectStatus
from gonghui.surveys.tests.factories_projects import approved_project


@build_world("surveys_projects")
def _projects_world(world):
    project = approved_project(org=world.org_a, actor=world.org_admin, title="甲校教师职业倦怠调查研究")
    world.extra["surveys_project_a"] = project
    world.extra["surveys_project_a_concluded"] = approved_project(
        org=world.org_a,
        actor=world.org_admin,
        call=project.call,
        title="甲校班主任工作负担研究",
        status=ProjectStatus.CONCLUDED,
        rating=ProjectRating.GOOD,
        concluded_at=timezone.now(),
    )
    world.extra.setdefault("markers", []).append("甲校教师职业倦怠调查研究")


def _project(world):
    return {"public_id": world.extra["surveys_project_a"].public_id}


for name in (
    "surveys:project_detail",
    "surveys:project_midterm_submit",
    "surveys:project_midterm_check",
    "surveys:project_final_submit",
    "surveys:project_conclude",
    "surveys:project_terminate",
):
    declare(CrawlRoute(name, params=_project))
declare(
    CrawlRoute(
        "surveys:project_pdf",
        params=lambda world: {"public_id": world.extra["surveys_project_a_concluded"].public_id},
    )
)
