"""Permission-crawler routes of part answering (see tests/test_permission_crawler.py). Org A's admin publishes an
anonymous survey of org A (its population: org A's subtree's members, member A among them); the member of org A
reaches its page, cadres without a member record do not."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.surveys.tests.factories_answering import make_open_survey


@build_world("surveys_answering")
def _answering_world(world):
    world.extra["surveys_answering_survey"] = make_open_survey(
        org=world.org_a, actor=world.org_admin, title="甲校教职工思想状况问卷"
    )


def _survey(world):
    return {"public_id": world.extra["surveys_answering_survey"].public_id}


declare(CrawlRoute("surveys_portal:home", kind="portal"))
declare(CrawlRoute("surveys_portal:answer", kind="portal", params=_survey))
