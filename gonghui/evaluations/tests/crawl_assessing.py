"""Permission-crawler routes of part assessing (see tests/test_permission_crawler.py). Org A runs a 2020 round whose
target is a union below it (甲校教工分会); org A's admin is an assessor of it. The branch's 自评 was filled with one
evidence file and submitted, and the round moved on to 考核, so org A's admin reaches the 自评 page (read-only, the
unions above see it), the evidence delete and 退回 buttons (refused now: 302 with a message) and the 考核 page."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.evaluations.choices import RoundStatus
from gonghui.evaluations.models import Score
from gonghui.evaluations.selectors.assessing import evidence_by_score
from gonghui.evaluations.services.assessing import ManualInput, self_assessment_save, self_assessment_submit
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

from .factories_assessing import make_assessing_round, manual_of, set_status, target_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MARKER = "甲校2020年度工会工作量化考核"


@build_world("evaluations_assessing")
def _assessing_world(world):
    admin = world.org_admin
    branch = OrgFactory.create(
        parent=world.org_a,
        code="ORGA-EA1",
        name="甲校教工分会",
        unit_name="甲县第一中学",
        level=OrgLevel.BRANCH,
    )
    round_ = make_assessing_round(
        org=world.org_a, actor=admin, targets=[branch], judges=[admin], title=MARKER
    )
    target = target_of(round_, branch)
    manual = manual_of(round_)
    self_assessment_save(
        target=target,
        actor=admin,
        entries={
            manual["职工之家建设"].pk: ManualInput(points=Decimal(8), note="甲校自评说明"),
            manual["会员评家"].pk: ManualInput(points=Decimal(9)),
            manual["安全稳定"].pk: ManualInput(passed=True),
        },
        uploads={
            manual["会员评家"].pk: [
                SimpleUploadedFile("甲校评家佐证.pdf", PDF, content_type="application/pdf")
            ]
        },
    )
    self_assessment_submit(target=target_of(round_, branch), actor=admin)
    set_status(round_, RoundStatus.ASSESSMENT)
    evidence = [
        f for files in evidence_by_score(list(Score.objects.filter(target=target))).values() for f in files
    ]
    world.extra["evaluations_target_a"] = target
    world.extra["evaluations_evidence_a"] = evidence[0]
    world.extra.setdefault("markers", []).append(MARKER)


def _target(w):
    return {"public_id": w.extra["evaluations_target_a"].public_id}


for name in ("evaluations:self_assess", "evaluations:self_return", "evaluations:assess"):
    declare(CrawlRoute(name, params=_target))
declare(
    CrawlRoute(
        "evaluations:self_evidence_delete",
        params=lambda w: {
            "public_id": w.extra["evaluations_target_a"].public_id,
            "attachment_id": w.extra["evaluations_evidence_a"].public_id,
        },
    )
)
