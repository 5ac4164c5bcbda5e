"""The demo seed of 评选表彰与劳模工匠 on the whole demo platform (the package fixture of
gonghui/demo/tests/conftest.py, then `seed_honours` once more): the 2020 焦作标兵
campaign named with its certificates and rewards paid once, this year's 最美护士 in a running 公示 the README nurse
sees, 20 劳模/工匠 whose member flag agrees with the registry, their care, visits and 六大行动, three studios (new,
re-confirmed, 摘牌), a closed 建家考评 with scores, older honours recorded by hand; the second run adds nothing."""

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gonghui.certificates.models import Certificate
from gonghui.core.timeline import timeline_for
from gonghui.honours.choices import (
    CampaignStatus,
    CareKind,
    HomeAssessmentStatus,
    NominationAction,
    NominationStatus,
    PovertyActionKind,
    Stage,
    StudioStatus,
    TrancheKind,
    WorkerLevel,
)
from gonghui.honours.demo import (
    DEMO_MEMBER_PHONE,
    DEMO_NURSE_PHONE,
    MODEL_TITLE,
    WORKERS,
    seed_honours,
)
from gonghui.honours.models import (
    HomeAssessment,
    Honour,
    HonourCampaign,
    InnovationStudio,
    ModelWorker,
    Nomination,
    PovertyAction,
    StudioTranche,
    WorkerCare,
)
from gonghui.honours.selectors.homes import home_scores
from gonghui.honours.selectors.naming import CERTIFICATE_KIND, campaign_notices, reward_key
from gonghui.honours.selectors.records import honours_of_org, my_honours
from gonghui.honours.services.workers import worker_flag_holds
from gonghui.ledger.choices import EntryStatus
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.selectors import entries_with_status
from gonghui.members.models import Member
from gonghui.notices.choices import NoticeStatus, ObjectionStatus
from gonghui.notices.services import notice_addresses, window_is_open
from gonghui.orgs.models import Org
from gonghui.quotas.models import QuotaAllocation
from gonghui.reviews.models import Judge
from gonghui.visits.models import Visit

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "campaigns": HonourCampaign.objects.count(),
        "nominations": Nomination.objects.count(),
        "honours": Honour.objects.count(),
        "workers": ModelWorker.objects.count(),
        "cares": WorkerCare.objects.count(),
        "actions": PovertyAction.objects.count(),
        "visits": Visit.objects.count(),
        "studios": InnovationStudio.objects.count(),
        "tranches": StudioTranche.objects.count(),
        "homes": HomeAssessment.objects.count(),
        "certificates": Certificate.objects.filter(kind=CERTIFICATE_KIND).count(),
        "ledger": LedgerEntry.objects.count(),
    }


@pytest.fixture
def honours_seeded(seeded: Any) -> Any:
    """The package's demo (seed_demo run twice, conftest.py); the honours seeder run once more on top adds nothing."""
    before = _counts()
    summary = seed_honours()  # what a third `seed_demo` runs of this module
    return before, _counts(), summary


def _model() -> HonourCampaign:
    return HonourCampaign.objects.get(title=MODEL_TITLE)


def test_a_second_run_adds_nothing(honours_seeded: Any) -> None:
    before, after, summary = honours_seeded
    assert after == before
    assert summary.endswith("本次无新增")
    assert before["campaigns"] == 4  # 焦作标兵, 最美护士, two studio campaigns


def test_the_2020_model_employee_campaign_ran_every_stage(seeded: Any) -> None:
    campaign = _model()
    assert campaign.status == CampaignStatus.NAMED
    assert campaign.stages == list(Stage.values)
    assert campaign.named_on is not None
    assert campaign.named_on.year == 2020
    assert timezone.localtime(campaign.created_at).year == 2020
    # the quota: allocated to county unions and city units, handed on by the counties to their units
    assert campaign.quota_set is not None
    allocations = QuotaAllocation.objects.filter(quota_set=campaign.quota_set)
    assert allocations.filter(parent__isnull=True).count() == 6
    assert allocations.filter(parent__isnull=False).count() == 7
    # nominations from several unions: one returned and corrected, one rejected at 县区审核
    nominations = Nomination.objects.filter(campaign=campaign)
    assert nominations.values("nominating_org").distinct().count() == 9
    assert sorted(nominations.values_list("status", flat=True)) == sorted(
        [NominationStatus.NAMED] * 6 + [NominationStatus.NOT_SELECTED] * 2 + [NominationStatus.REJECTED]
    )
    returned = [n for n in nominations if timeline_for(n).filter(action=NominationAction.RETURN).exists()]
    assert len(returned) == 1
    assert returned[0].status == NominationStatus.NAMED
    # reviewed by three judges, ranked; the meeting recorded
    assert campaign.review_round is not None
    judges = set(Judge.objects.filter(round=campaign.review_round).values_list("user__username", flat=True))
    assert {"shi_pingwei", "mzs_pingwei", "qys_pingwei"} == judges
    scored = nominations.exclude(status=NominationStatus.REJECTED)
    assert all(n.score is not None and n.rank is not None for n in scored)
    assert campaign.meeting_held_on is not None
    # 公示 closed with one objection answered 不成立
    notice = campaign_notices(campaign).get()
    assert notice.status == NoticeStatus.CLOSED
    assert [o.status for o in notice.objections.all()] == [ObjectionStatus.DISMISSED]


def test_the_named_honours_have_certificates_and_rewards_paid_once(seeded: Any) -> None:
    campaign = _model()
    honours = list(Honour.objects.filter(campaign=campaign))
    assert len(honours) == 6
    assert {h.title for h in honours} == {"焦作标兵"}
    assert {h.reward_amount for h in honours} == {Decimal("5000.00")}
    certificates = Certificate.objects.filter(kind=CERTIFICATE_KIND)
    assert certificates.count() == 6
    assert {c.year for c in certificates} == {2020}
    entries = list(
        entries_with_status(LedgerEntry.objects.filter(idempotency_key__in=[reward_key(h) for h in honours]))
    )
    assert len(entries) == 6  # one payment per honour
    assert {vars(e)["status"] for e in entries} == {EntryStatus.PAID}
    assert LedgerEntry.objects.filter(idempotency_key__startswith="honours.reward:").count() == 6


def test_the_demo_member_holds_honours_across_years(seeded: Any) -> None:
    member = Member.objects.get(user__phone=DEMO_MEMBER_PHONE)
    mine = list(my_honours(member))
    assert "焦作标兵" in {h.title for h in mine}
    assert len({h.year for h in mine}) >= 2


def test_this_years_nurses_are_in_a_running_publication(seeded: Any) -> None:
    campaign = HonourCampaign.objects.get(category="most_beautiful")
    assert campaign.status == CampaignStatus.RUNNING
    assert campaign.stage == Stage.NOTICE
    assert campaign.year == timezone.localdate().year or campaign.year == timezone.localdate().year - 1
    nominations = Nomination.objects.filter(campaign=campaign)
    assert nominations.count() == 6
    assert all(n.story for n in nominations)
    assert nominations.filter(status=NominationStatus.APPROVED).count() == 5
    notice = campaign_notices(campaign).get()
    assert notice.status == NoticeStatus.PUBLISHED
    assert window_is_open(notice)
    nurse = Member.objects.select_related("org").get(user__phone=DEMO_NURSE_PHONE)
    assert notice_addresses(notice, nurse.org)
    assert notice.entries.filter(subject_id=nominations.get(member=nurse).pk).exists()


def test_the_registry_holds_twenty_workers_with_their_flags(seeded: Any) -> None:
    workers = list(ModelWorker.objects.select_related("member"))
    assert len(workers) == len(WORKERS) == 20
    assert {w.level for w in workers} == set(WorkerLevel.values)
    for worker in workers:
        assert worker.member is not None
        assert worker.member.is_model_worker is True
        assert worker_flag_holds(worker.member)
    cares = WorkerCare.objects.all()
    assert cares.filter(kind=CareKind.HEALTH_CHECK).count() == 8
    condolence = cares.get(kind=CareKind.CONDOLENCE)
    assert LedgerEntry.objects.filter(idempotency_key=f"honours.care:{condolence.pk}").count() == 1
    assert Visit.objects.count() >= 3
    kinds = set(PovertyAction.objects.values_list("kind", flat=True))
    assert kinds == set(PovertyActionKind.values)


def test_three_studios_new_reconfirmed_and_delisted(seeded: Any) -> None:
    studios = {s.status: s for s in InnovationStudio.objects.all()}
    assert sorted(InnovationStudio.objects.values_list("status", flat=True)) == sorted(
        [StudioStatus.NAMED, StudioStatus.NAMED, StudioStatus.DELISTED]
    )
    reconfirmed = InnovationStudio.objects.get(tranches__kind=TrancheKind.RECONFIRMED)
    assert reconfirmed.status == StudioStatus.NAMED
    assert reconfirmed.tranches.get(kind=TrancheKind.RECONFIRMED).amount == Decimal("30000.00")
    newest = InnovationStudio.objects.exclude(pk=reconfirmed.pk).get(status=StudioStatus.NAMED)
    assert newest.tranches.get().amount == Decimal("50000.00")
    assert newest.named_on is not None
    assert reconfirmed.named_on is not None
    assert newest.named_on > reconfirmed.named_on
    delisted = studios[StudioStatus.DELISTED]
    assert delisted.delist_reason
    assert delisted.assessments.filter(result="rectify").exists()
    keys = list(StudioTranche.objects.values_list("key", flat=True))
    assert LedgerEntry.objects.filter(idempotency_key__in=keys).count() == len(keys) == 4


def test_the_county_home_assessment_is_closed_with_scores(seeded: Any) -> None:
    assessment = HomeAssessment.objects.select_related("org").get()
    assert assessment.status == HomeAssessmentStatus.CLOSED
    scores = home_scores(assessment.org, assessment.year)
    assert len(scores) == 5
    assert all(s.self_total and s.assessor_total for s in scores)


def test_older_honours_recorded_by_hand(seeded: Any) -> None:
    by_hand = Honour.objects.filter(campaign__isnull=True)
    assert by_hand.count() == 8
    assert {"全国劳动模范", "全国五一劳动奖章"} <= set(by_hand.values_list("title", flat=True))
    school = Org.objects.get(code="SS06")
    assert [h.title for h in honours_of_org(school).honours] == ["河南省模范职工之家"]
