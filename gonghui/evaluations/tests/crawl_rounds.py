"""Permission-crawler routes of part rounds (see tests/test_permission_crawler.py). Org A's admin runs a draft round
at org A (scheme of org A) whose target is a branch union below org A, with one 复核申请 on it. Every route names
that round, its target or the 复核申请."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

from ..models import Recheck, RoundTarget
from ..services.rounds import round_create
from .factories import make_scheme

MARKER = "甲校2020年度量化考核"


@build_world("evaluations_rounds")
def _rounds_world(world):
    admin = world.org_admin
    OrgFactory.create(
        parent=world.org_a,
        code="ORGA-E1",
        name="甲校教务分工会",
        unit_name="甲县第一中学教务处",
        level=OrgLevel.BRANCH,
    )
    scheme = make_scheme(org=world.org_a, actor=admin, title="甲校量化考核方案")
    round_ = round_create(org=world.org_a, scheme=scheme, title=MARKER, level=OrgLevel.BRANCH, actor=admin)
    target = RoundTarget.objects.get(round=round_, org__code="ORGA-E1")
    world.extra["evaluations_round_a"] = round_
    world.extra["evaluations_target_a"] = target
    world.extra["evaluations_recheck_a"] = Recheck.objects.create(
        target=target, reason="入会率有误", submitted_by=admin
    )
    world.extra.setdefault("markers", []).append(MARKER)


def _round(w):
    return {"public_id": w.extra["evaluations_round_a"].public_id}


def _target(w):
    return {"public_id": w.extra["evaluations_target_a"].public_id}


def _recheck(w):
    return {"public_id": w.extra["evaluations_recheck_a"].public_id}


for name in (
    "evaluations:round_detail",
    "evaluations:round_assessors",
    "evaluations:round_compute",
    "evaluations:round_open_self",
    "evaluations:round_open_assessment",
    "evaluations:round_open_recheck",
    "evaluations:round_freeze",
    "evaluations:round_publish",
    "evaluations:round_document",
):
    declare(CrawlRoute(name, params=_round))
for name in ("evaluations:target_detail", "evaluations:recheck_submit"):
    declare(CrawlRoute(name, params=_target))
declare(CrawlRoute("evaluations:recheck_decide", params=_recheck))
