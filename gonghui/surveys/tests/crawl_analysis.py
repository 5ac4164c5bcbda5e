"""Permission-crawler routes of part analysis (see tests/test_permission_crawler.py). Org A's admin drafted an
analysis of org A for this year (no surveys cited): its page and its edit, redraft, issue and PDF routes are org
A's (org B's admin: 404; the city's auditor reads the page and is refused the action pages)."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.surveys.tests.factories_analysis import make_analysis


@build_world("surveys_analysis")
def _analysis_world(world):
    world.extra["surveys_analysis"] = make_analysis(org=world.org_a, actor=world.org_admin)


def _analysis(world):
    return {"public_id": world.extra["surveys_analysis"].public_id}


for name in (
    "surveys:analysis_detail",
    "surveys:analysis_edit",
    "surveys:analysis_redraft",
    "surveys:analysis_issue",
    "surveys:analysis_pdf",
    "surveys:analysis_export",
):
    declare(CrawlRoute(name, params=_analysis))
