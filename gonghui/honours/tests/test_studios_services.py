"""创新工作室 services: the lifecycle through 摘牌 (apply → named → 新命名经费 paid once → outputs → annual
assessment → rectify → delist), the leader rule, the campaign rule, the tranche key, the score read from the
reviews round, and the risk flags."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_cadre
from gonghui.core.models import TimelineEntry
from gonghui.core.timeline import timeline_for
from gonghui.honours.choices import (
    AssessmentKind,
    AssessmentResult,
    CampaignCategory,
    NominationStatus,
    NomineeKind,
    Stage,
    StudioAction,
    StudioStatus,
    TrancheKind,
    WorkerStatus,
)
from gonghui.honours.models import InnovationStudio, Nomination, StudioTranche
from gonghui.honours.selectors.studios import funds_paid, is_due_delist, risk_flags, studios_at_risk
from gonghui.honours.services.studios import (
    assessment_create,
    assessment_decide,
    output_record,
    studio_apply,
    studio_delist,
    studio_mark_named,
    studio_mark_not_selected,
    tranche_key,
    tranche_pay,
)
from gonghui.ledger.models import LedgerEntry
from gonghui.ledger.services import ledger_reverse
from gonghui.ledger.tests.factories import make_line

from .factories import make_campaign, make_worker

pytestmark = pytest.mark.django_db

TEAM = [{"name": "李护士", "role": "骨干"}, {"name": "", "role": ""}]


def studio_campaign(world, **extra):
    city_admin = make_cadre("admin_city", world.city)
    world.extra["city_admin"] = city_admin
    return make_campaign(
        org=world.city,
        actor=city_admin,
        title="2026年度示范性劳模和工匠人才创新工作室评选",
        category=CampaignCategory.STUDIO,
        nominee_kind=NomineeKind.STUDIO,
        **extra,
    )


def apply(world, campaign, leader=None, **extra):
    leader = leader or make_worker(org=world.org_a, actor=world.org_admin)
    fields = {
        "org": world.org_a,
        "leader": leader,
        "name": "张劳模创新工作室",
        "field": "数学教学",
        "site": "实验楼二层",
        "team": TEAM,
        "plan": "三年内建成市级示范工作室",
        "goals": "每年完成两项教学创新",
        "campaign": campaign,
        "actor": world.org_admin,
    }
    fields.update(extra)
    return studio_apply(**fields)


def named_studio(world, named_on=dt.date(2026, 5, 1)):
    """A studio applied for by org A in the city's campaign and named by the city."""
    campaign = studio_campaign(world)
    studio = apply(world, campaign)
    return studio_mark_named(
        studio=studio,
        named_on=named_on,
        level="市级示范性劳模和工匠人才创新工作室",
        actor=world.extra["city_admin"],
    )


def test_apply_creates_the_studio_and_its_draft_nomination(world):
    campaign = studio_campaign(world)
    studio = apply(world, campaign)
    assert studio.status == StudioStatus.APPLIED
    assert studio.team == [{"name": "李护士", "role": "骨干"}]
    nomination = Nomination.objects.get(studio=studio)
    assert nomination.campaign == campaign
    assert nomination.nominating_org == world.org_a
    assert nomination.status == NominationStatus.DRAFT
    assert timeline_for(studio).filter(action=StudioAction.APPLY).exists()


def test_the_leader_must_be_a_registered_worker_of_the_subtree_not_revoked(world):
    campaign = studio_campaign(world)
    revoked = make_worker(org=world.org_a, actor=world.org_admin, status=WorkerStatus.REVOKED)
    with pytest.raises(ValidationError, match="撤销称号"):
        apply(world, campaign, leader=revoked)
    elsewhere = make_worker(org=world.org_b, actor=world.outsider, name="乙劳模")
    with pytest.raises(ValidationError, match="领办人须是本工会"):
        apply(world, campaign, leader=elsewhere)
    assert not InnovationStudio.objects.exists()


def test_the_campaign_must_be_a_studio_campaign_at_nominate(world):
    campaign = studio_campaign(world)
    person = make_campaign(org=world.city, actor=world.extra["city_admin"], title="焦作标兵")
    with pytest.raises(ValidationError, match="不是创新工作室评选"):
        apply(world, person)
    campaign.stage = Stage.CITY_REVIEW
    campaign.save()
    with pytest.raises(ValidationError, match="基层推荐"):
        apply(world, campaign)
    assert not InnovationStudio.objects.exists()


def test_another_union_may_not_apply_for_org_a(world):
    campaign = studio_campaign(world)
    with pytest.raises(PermissionDenied):
        apply(world, campaign, actor=world.outsider)


def test_naming_numbers_per_naming_union_and_year(world):
    campaign = studio_campaign(world)
    first = apply(world, campaign)
    second = apply(world, campaign, name="第二工作室")
    city_admin = world.extra["city_admin"]
    first = studio_mark_named(studio=first, named_on=dt.date(2026, 6, 1), level="", actor=city_admin)
    second = studio_mark_named(studio=second, named_on=dt.date(2026, 6, 1), level="", actor=city_admin)
    series = world.city.short_name or world.city.name
    assert first.number == f"{series}创〔2026〕1号"
    assert second.number == f"{series}创〔2026〕2号"
    assert first.plaque_text == "焦作市示范性劳模和工匠人才创新工作室"
    assert first.status == StudioStatus.NAMED
    again = studio_mark_named(studio=first, named_on=dt.date(2026, 7, 1), level="", actor=city_admin)
    assert again.number == first.number
    assert again.named_on == dt.date(2026, 6, 1)


def test_not_selected_and_plain_member_may_not_name(world):
    campaign = studio_campaign(world)
    studio = apply(world, campaign)
    with pytest.raises(PermissionDenied):
        studio_mark_named(studio=studio, named_on=dt.date(2026, 6, 1), level="", actor=world.org_member)
    studio = studio_mark_not_selected(studio=studio, actor=world.extra["city_admin"])
    assert studio.status == StudioStatus.NOT_SELECTED


def test_tranche_paid_once_through_the_ledger(world):
    studio = named_studio(world)
    city_admin = world.extra["city_admin"]
    line = make_line(world.city, amount="200000", purpose="创新工作室经费")
    tranche = tranche_pay(studio=studio, kind=TrancheKind.NEW, year=2026, budget_line=line, actor=city_admin)
    assert tranche.key == f"honours.studio:{studio.pk}:new:2026" == tranche_key(studio, "new", 2026)
    assert tranche.amount == Decimal("50000")
    entry = LedgerEntry.objects.get(idempotency_key=tranche.key)
    assert entry.amount == Decimal("50000")
    assert entry.payee_name == world.org_a.unit_name
    again = tranche_pay(studio=studio, kind=TrancheKind.NEW, year=2026, budget_line=line, actor=city_admin)
    assert again.pk == tranche.pk
    assert StudioTranche.objects.count() == 1
    assert LedgerEntry.objects.filter(idempotency_key=tranche.key).count() == 1
    assert funds_paid([studio.pk]) == {studio.pk: Decimal("50000")}
    ledger_reverse(entry=entry, reason="账号错误", actor=city_admin)
    assert funds_paid([studio.pk]) == {}


def test_the_studio_union_may_not_pay_itself(world):
    studio = named_studio(world)
    line = make_line(world.org_a, amount="200000")
    with pytest.raises(PermissionDenied):
        tranche_pay(studio=studio, kind=TrancheKind.NEW, year=2026, budget_line=line, actor=world.org_admin)


def test_reconfirmed_tranche_needs_a_reconfirm_conclusion(world):
    studio = named_studio(world)
    city_admin = world.extra["city_admin"]
    line = make_line(world.city, amount="200000")
    with pytest.raises(ValidationError, match="复核确认"):
        tranche_pay(
            studio=studio, kind=TrancheKind.RECONFIRMED, year=2026, budget_line=line, actor=city_admin
        )
    assessment = assessment_create(
        studio=studio, year=2026, kind=AssessmentKind.ACCEPTANCE, template=None, actor=city_admin
    )
    assessment_decide(
        assessment=assessment,
        result=AssessmentResult.RECONFIRM,
        comments="成果突出",
        actor=city_admin,
        score=Decimal("92"),
    )
    tranche = tranche_pay(
        studio=studio, kind=TrancheKind.RECONFIRMED, year=2026, budget_line=line, actor=city_admin
    )
    assert tranche.amount == Decimal("30000")


def test_output_one_per_year_editable_until_assessed(world):
    studio = named_studio(world)
    city_admin = world.extra["city_admin"]
    year = timezone.localdate().year
    output_record(
        studio=studio,
        year=year,
        projects=1,
        patents=0,
        papers=2,
        benefit_yuan=Decimal("10000"),
        apprentices=3,
        summary="完成一项教学改革",
        actor=world.org_admin,
    )
    output = output_record(
        studio=studio,
        year=year,
        projects=2,
        patents=1,
        papers=2,
        benefit_yuan=Decimal("10000"),
        apprentices=3,
        summary="",
        actor=world.org_admin,
    )
    assert studio.outputs.count() == 1
    assert output.projects == 2
    with pytest.raises(PermissionDenied):
        output_record(
            studio=studio,
            year=year,
            projects=9,
            patents=0,
            papers=0,
            benefit_yuan=Decimal(0),
            apprentices=0,
            summary="",
            actor=world.outsider,
        )
    assessment = assessment_create(
        studio=studio, year=year, kind=AssessmentKind.ANNUAL, template=None, actor=city_admin
    )
    assessment_decide(assessment=assessment, result=AssessmentResult.PASS, comments="", actor=city_admin)
    with pytest.raises(ValidationError, match="已考核"):
        output_record(
            studio=studio,
            year=year,
            projects=9,
            patents=0,
            papers=0,
            benefit_yuan=Decimal(0),
            apprentices=0,
            summary="",
            actor=world.org_admin,
        )


def test_lifecycle_through_delisting(world):
    studio = named_studio(world, named_on=dt.date(2025, 5, 1))
    city_admin = world.extra["city_admin"]
    line = make_line(world.city, amount="200000", year=2025)
    tranche_pay(studio=studio, kind=TrancheKind.NEW, year=2025, budget_line=line, actor=city_admin)
    output_record(
        studio=studio,
        year=2025,
        projects=0,
        patents=0,
        papers=1,
        benefit_yuan=Decimal(0),
        apprentices=1,
        summary="无创新项目",
        actor=world.org_admin,
    )
    [risk] = studios_at_risk(city_admin, 2025)
    assert risk_flags([studio], 2025) == {studio.pk: "2025年无创新成果"}
    assert risk.studio == studio
    assert risk.no_result
    assert not risk.due_delist
    assessment = assessment_create(
        studio=studio, year=2025, kind=AssessmentKind.ANNUAL, template=None, actor=city_admin
    )
    # 摘牌 needs a failed rectification first
    with pytest.raises(ValidationError, match="须先限期整改"):
        assessment_decide(
            assessment=assessment,
            result=AssessmentResult.DELIST,
            comments="",
            actor=city_admin,
            reason="无成果",
        )
    with pytest.raises(ValidationError, match="整改期限"):
        assessment_decide(
            assessment=assessment, result=AssessmentResult.RECTIFY, comments="", actor=city_admin
        )
    today = timezone.localdate()
    assessment_decide(
        assessment=assessment,
        result=AssessmentResult.RECTIFY,
        comments="全年无创新成果",
        actor=city_admin,
        rectify_by=today + dt.timedelta(days=30),
    )
    studio.refresh_from_db()
    assert studio.status == StudioStatus.RECTIFYING
    with pytest.raises(ValidationError, match="未到"):
        studio_delist(studio=studio, reason="整改不合格", actor=city_admin)
    # the deadline passes without a new result: 应摘牌
    InnovationStudio.objects.filter(pk=studio.pk).update(rectify_by=today - dt.timedelta(days=1))
    studio.refresh_from_db()
    assert is_due_delist(studio)
    assert risk_flags([studio], 2025)[studio.pk] == "应摘牌"
    acceptance = assessment_create(
        studio=studio, year=2025, kind=AssessmentKind.ACCEPTANCE, template=None, actor=city_admin
    )
    with pytest.raises(ValidationError, match="摘牌原因"):
        assessment_decide(
            assessment=acceptance, result=AssessmentResult.DELIST, comments="", actor=city_admin
        )
    assessment_decide(
        assessment=acceptance,
        result=AssessmentResult.DELIST,
        comments="整改期满仍无创新成果",
        actor=city_admin,
        reason="一年内无创新成果，整改不合格",
    )
    studio.refresh_from_db()
    assert studio.status == StudioStatus.DELISTED
    assert studio.delisted_on == today
    assert studio.delist_reason == "一年内无创新成果，整改不合格"
    actions = list(TimelineEntry.objects.filter(object_id=str(studio.pk)).values_list("action", flat=True))
    for action in (
        StudioAction.NAME,
        StudioAction.FUND,
        StudioAction.OUTPUT,
        StudioAction.RECTIFY,
        StudioAction.DELIST,
    ):
        assert action in actions
    line2 = make_line(world.city, amount="200000", purpose="另一科目", year=2025)
    with pytest.raises(ValidationError, match="已命名"):
        tranche_pay(studio=studio, kind=TrancheKind.OTHER, year=2026, budget_line=line2, actor=city_admin)


def test_direct_delist_of_a_due_studio_and_a_new_result_saves_it(world):
    studio = named_studio(world, named_on=dt.date(2025, 3, 1))
    city_admin = world.extra["city_admin"]
    today = timezone.localdate()
    assessment = assessment_create(
        studio=studio, year=2025, kind=AssessmentKind.ANNUAL, template=None, actor=city_admin
    )
    assessment_decide(
        assessment=assessment,
        result=AssessmentResult.RECTIFY,
        comments="",
        actor=city_admin,
        rectify_by=today + dt.timedelta(days=10),
    )
    InnovationStudio.objects.filter(pk=studio.pk).update(rectify_by=today - dt.timedelta(days=1))
    output_record(
        studio=studio,
        year=today.year,
        projects=1,
        patents=0,
        papers=0,
        benefit_yuan=Decimal(0),
        apprentices=0,
        summary="整改后完成一项创新",
        actor=world.org_admin,
    )
    studio.refresh_from_db()
    assert not is_due_delist(studio)
    with pytest.raises(ValidationError, match="已报送创新成果"):
        studio_delist(studio=studio, reason="整改不合格", actor=city_admin)
    with pytest.raises(PermissionDenied):
        studio_delist(studio=studio, reason="整改不合格", actor=world.org_admin)


def test_the_score_comes_from_the_reviews_round(world):
    from gonghui.reviews import services as reviews
    from gonghui.reviews.models import Criterion, ReviewEntry

    studio = named_studio(world)
    city_admin = world.extra["city_admin"]
    template = reviews.template_create(
        org=world.city,
        name="工作室验收评分表",
        criteria=[reviews.CriterionInput(name="创新成果", max_points=Decimal(100))],
        actor=city_admin,
    )
    assessment = assessment_create(
        studio=studio, year=2026, kind=AssessmentKind.ACCEPTANCE, template=template, actor=city_admin
    )
    review_round = assessment.review_round
    assert review_round is not None
    assert review_round.owner == assessment
    entry = ReviewEntry.objects.get(round=review_round)
    assert entry.title == studio.name
    with pytest.raises(ValidationError, match="评委尚未提交评分"):
        assessment_decide(
            assessment=assessment, result=AssessmentResult.RECONFIRM, comments="", actor=city_admin
        )
    expert = make_cadre("expert_city", world.city)
    judge = reviews.judge_add(review_round=review_round, user=expert, actor=city_admin)
    reviews.round_open(review_round=review_round, actor=city_admin)
    criterion = Criterion.objects.get(template=template)
    sheet = reviews.sheet_save(
        judge=judge, entry=entry, scores={criterion.pk: reviews.ScoreInput(points=Decimal(88))}, actor=expert
    )
    reviews.sheet_submit(sheet=sheet, actor=expert)
    decided = assessment_decide(
        assessment=assessment, result=AssessmentResult.RECONFIRM, comments="验收合格", actor=city_admin
    )
    assert decided.score == Decimal(88)
