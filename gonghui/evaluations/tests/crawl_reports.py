"""Crawler declarations of 量化评价 — part `reports`. Org A's admin runs a frozen round at org A with one union
below org A as its target: the round's 排名 (and its PDF, POST only) and the target's 评分卡 (and its PDF). Org A's
plain member is refused (403), org B's admin sees neither (404); the round's title is a marker."""

from decimal import Decimal

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.orgs.tests.factories import OrgFactory

from .factories_reports import Result, make_report_scheme, make_results

MARKER = "甲校2020年度分工会量化考核"


@build_world("evaluations_reports")
def _reports_world(world):
    admin = world.org_admin
    unit = OrgFactory.create(
        parent=world.org_a, code="ORGA-ER1", name="甲校教务处分工会", unit_name="甲县第一中学"
    )
    scheme = make_report_scheme(org=world.org_a, actor=admin)
    round_ = make_results(
        scheme=scheme, actor=admin, results=[Result(unit, Decimal("85"), Decimal(8))], title=MARKER
    )
    world.extra.update(evaluations_reports_round=round_, evaluations_reports_target=round_.targets.get())
    world.extra.setdefault("markers", []).append(MARKER)


def _round(w):
    return {"public_id": w.extra["evaluations_reports_round"].public_id}


def _target(w):
    return {"public_id": w.extra["evaluations_reports_target"].public_id}


for name in ("evaluations:league", "evaluations:league_pdf"):
    declare(CrawlRoute(name, params=_round))
for name in ("evaluations:scorecard", "evaluations:scorecard_pdf"):
    declare(CrawlRoute(name, params=_target))
