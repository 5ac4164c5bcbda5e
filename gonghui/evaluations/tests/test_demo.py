"""The 量化评价 demo on the demo tree, accounts, a few hundred members, the 2020 公文, 报送 and 工作要点 (seeded once
for this module, rolled back after): the 2020 scheme with 30 indicators (at least 20 automatic), its copy for the
current year, the frozen and published round of every grassroots union with every union ranked, the county's round
open in 自评, the 2020 plan's items linked to their records; a second run adds nothing."""

import pytest

from gonghui.accounts.demo import seed_accounts
from gonghui.documents.demo import seed_documents
from gonghui.evaluations.choices import IndicatorKind, RecheckStatus, RoundStatus, SchemeStatus, SelfStatus
from gonghui.evaluations.demo import seed_evaluations
from gonghui.evaluations.demo_scheme import TITLE
from gonghui.evaluations.models import (
    EvaluationRound,
    EvaluationScheme,
    Indicator,
    Recheck,
    RoundTarget,
    Score,
)
from gonghui.members.demo import seed_members
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.demo import seed_orgs
from gonghui.orgs.models import Org
from gonghui.reports.demo import seed_reports
from gonghui.workplans.demo import seed_workplans
from gonghui.workplans.models import PlanItemLink
from tests.demo_seeding import Seeded, seeded_twice

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "schemes": EvaluationScheme.objects.count(),
        "indicators": Indicator.objects.count(),
        "rounds": EvaluationRound.objects.count(),
        "targets": RoundTarget.objects.count(),
        "scores": Score.objects.count(),
        "rechecks": Recheck.objects.count(),
        "links": PlanItemLink.objects.count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        seeded_twice(
            seed_evaluations,
            before=(seed_orgs, seed_accounts, seed_members, seed_documents, seed_reports, seed_workplans),
            counts=_counts,
            members=300,
        ) as seeded,
    ):
        yield seeded


def test_a_second_run_adds_nothing(seeded: Seeded):
    # then
    assert seeded.after_second == seeded.after_first
    assert seeded.after_first["schemes"] > seeded.before["schemes"]


def test_the_2020_scheme_has_30_indicators_two_thirds_automatic_and_a_published_copy(seeded: Seeded):
    # when
    scheme = EvaluationScheme.objects.get(org__code="JZJKWT", title=TITLE, version=1)
    indicators = list(Indicator.objects.filter(scheme=scheme))
    # then
    assert scheme.status == SchemeStatus.PUBLISHED
    assert len(indicators) == 30
    assert sum(1 for i in indicators if i.kind == IndicatorKind.AUTO) >= 20
    assert any(i.is_veto for i in indicators)
    copy = EvaluationScheme.objects.get(copied_from=scheme)
    assert (copy.status, Indicator.objects.filter(scheme=copy).count()) == (SchemeStatus.PUBLISHED, 30)


def test_the_finished_round_is_frozen_with_every_grassroots_union_ranked(seeded: Seeded):
    # when
    round_ = EvaluationRound.objects.get(org__code="JZJKWT")
    targets = list(RoundTarget.objects.filter(round=round_))
    grassroots = Org.objects.filter(level=OrgLevel.GRASSROOTS, path__startswith=round_.org.path).count()
    # then
    assert round_.status == RoundStatus.FROZEN
    assert round_.published_at is not None
    assert len(targets) == grassroots > 0
    assert all(t.rank is not None and t.grade and t.self_status == SelfStatus.SUBMITTED for t in targets)
    assert Score.objects.filter(target__round=round_, gap_flagged=True).exclude(gap_note="").exists()
    statuses = set(Recheck.objects.filter(target__round=round_).values_list("status", flat=True))
    assert statuses == {RecheckStatus.ADJUSTED, RecheckStatus.KEPT}


def test_the_county_round_is_open_with_jfq01_still_to_self_assess(seeded: Seeded):
    # when
    round_ = EvaluationRound.objects.get(org__code="JFQ")
    pending = RoundTarget.objects.get(round=round_, org__code="JFQ01")
    # then
    assert round_.status == RoundStatus.SELF_ASSESSMENT
    assert pending.self_status == SelfStatus.PENDING
    assert RoundTarget.objects.filter(round=round_, self_status=SelfStatus.SUBMITTED).exists()


def test_the_2020_plan_items_link_to_their_records(seeded: Seeded):
    # when
    links = set(PlanItemLink.objects.values_list("item__number", "kind"))
    # then the records seeded here (公文, 报送任务) are linked
    assert ("（十九）", "reports.report_task") in links
    assert ("（七）", "documents.document") in links
