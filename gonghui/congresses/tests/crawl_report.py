"""Permission-crawler routes of part report (see tests/test_permission_crawler.py). Org A's admin has a session of
org A's 教代会 with proposals in every stage (two closed, one 待审查, one 不予立案, one 意见建议 being handled): its
report and actions are org A's (org B's admin: 404; org A's member: 403)."""

from gonghui.congresses.services.report import proposal_publish
from gonghui.core.crawler import CrawlRoute, build_world, declare

from .factories_report import report_session


@build_world("congresses_report")
def _report_world(world):
    rows = report_session(org=world.org_a, actor=world.org_admin)
    world.extra["report_session"] = rows["session"]
    world.extra["report_closed"] = rows["on_time"]
    world.extra["report_published"] = proposal_publish(proposal=rows["late"], actor=world.org_admin)


def _session(world):
    return {"public_id": world.extra["report_session"].public_id}


def _published(world):
    return {"public_id": world.extra["report_published"].public_id}


def _proposal(world):
    return {"public_id": world.extra["report_closed"].public_id}


for name in (
    "congresses:session_report",
    "congresses:session_report_pdf",
    "congresses:session_report_export",
    "congresses:session_publish",
    "congresses:honours_review",
    "congresses:honours_select",
):
    declare(CrawlRoute(name, params=_session))
declare(CrawlRoute("congresses:proposal_publish", params=_proposal))
declare(CrawlRoute("congresses:proposal_unpublish", params=_published))
declare(CrawlRoute("congresses_portal:published_list", kind="portal"))
