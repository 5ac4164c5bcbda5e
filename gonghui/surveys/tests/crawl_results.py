"""Permission-crawler routes of part results (see tests/test_permission_crawler.py). Org A's admin has a closed
anonymous survey of org A answered by twelve members of org A (results shown): its results page, export and
report name that survey (org B's admin: 404; a member: 403)."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.surveys.tests.factories_results import answer, answered_survey, make_members


@build_world("surveys_results")
def _results_world(world):
    members = make_members(world.org_a, 12)
    world.extra["surveys_results_survey"] = answered_survey(
        org=world.org_a,
        actor=world.org_admin,
        members=members,
        answers=[answer(n) for n in range(12)],
        title="甲校教职工工作压力调查",
    )
    world.extra.setdefault("markers", []).append("甲校教职工工作压力调查")


def _survey(world):
    return {"public_id": world.extra["surveys_results_survey"].public_id}


for name in ("surveys:survey_results", "surveys:survey_results_export", "surveys:survey_results_pdf"):
    declare(CrawlRoute(name, params=_survey))
