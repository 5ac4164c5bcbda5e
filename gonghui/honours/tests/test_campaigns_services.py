"""The runner's services: create and edit a campaign (stages, materials, reward levels, budget line, the nomination
quota owned by the campaign), start, advance stage by stage (each stage's blockers, in Chinese) and cancel (quota
places released)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_cadre
from gonghui.core.models import TimelineEntry
from gonghui.honours.choices import (
    CampaignCategory,
    CampaignStatus,
    NominationStatus,
    NomineeKind,
    Stage,
)
from gonghui.honours.models import HonourCampaign
from gonghui.honours.selectors.campaigns import campaign_counts, stage_blockers, stage_progress
from gonghui.honours.services.campaigns import (
    campaign_advance,
    campaign_cancel,
    campaign_create,
    campaign_start,
    campaign_update,
    clean_reward_levels,
)
from gonghui.ledger.tests.factories import make_line
from gonghui.notices.choices import NoticeStatus
from gonghui.notices.models import Notice
from gonghui.notices.tests.factories import make_notice
from gonghui.quotas.choices import QuotaSource
from gonghui.quotas.models import QuotaUse
from gonghui.quotas.services import quota_allocate, quota_use
from gonghui.reviews.tests.factories import make_round

from .factories import make_campaign, make_nomination


def _later(days: int = 30) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def _create(world, **extra):
    fields = {
        "org": world.org_a,
        "title": "2026年度优秀教师评选",
        "year": 2026,
        "category": CampaignCategory.MODEL_EMPLOYEE,
        "nominee_kind": NomineeKind.PERSON,
        "nomination_deadline": _later(),
        "criteria": "师德高尚，业绩突出",
        "actor": world.org_admin,
    }
    fields.update(extra)
    return campaign_create(**fields)


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# ---- create and edit ---------------------------------------------------------------------------------------------


def test_create_orders_stages_cleans_lines_and_records_the_timeline(world):
    campaign = _create(
        world,
        optional_stages=["notice", "county_review"],
        materials=[" 推荐审批表 ", "", "事迹材料", "推荐审批表"],
        reward_levels=[{"level": "焦作标兵", "amount": "5000"}, {"level": "提名奖", "amount": "0"}],
    )
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.stages == [Stage.NOMINATE, Stage.COUNTY_REVIEW, Stage.NOTICE, Stage.NAME]
    assert campaign.materials == ["推荐审批表", "事迹材料"]
    assert campaign.reward_levels == [
        {"level": "焦作标兵", "amount": "5000"},
        {"level": "提名奖", "amount": "0"},
    ]
    assert campaign.wants_stories is False
    assert campaign.quota_set is None
    rows = TimelineEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(HonourCampaign), object_id=str(campaign.pk)
    )
    assert [row.action for row in rows] == ["create"]


def test_most_beautiful_collects_stories_by_default(world):
    assert _create(world, category=CampaignCategory.MOST_BEAUTIFUL).wants_stories is True
    assert (
        _create(world, category=CampaignCategory.MOST_BEAUTIFUL, wants_stories=False).wants_stories is False
    )
    assert _create(world, wants_stories=True).wants_stories is True


@pytest.mark.parametrize(
    ("_case", "extra", "field", "message"),
    [
        ("blank title", {"title": "  "}, "title", "请填写评选名称"),
        ("year out of range", {"year": 1999}, "year", "年度应为 2000 至 2100 之间的年份"),
        (
            "past deadline",
            {"nomination_deadline": _later(-1)},
            "nomination_deadline",
            "推荐截止时间须晚于现在",
        ),
        ("unknown stage", {"optional_stages": ["name", "bogus"]}, "stages", "评选环节只能选择"),
        ("quota zero", {"quota_total": 0}, "quota_total", "推荐名额至少为 1"),
        (
            "studio campaign of people",
            {"category": CampaignCategory.STUDIO},
            "nominee_kind",
            "示范性创新工作室评选的评选对象应为“创新工作室”",
        ),
    ],
)
def test_create_rules_name_the_field(world, _case, extra, field, message):
    with pytest.raises(ValidationError) as exc:
        _create(world, **extra)
    assert message in _errors(exc)[field][0]


@pytest.mark.parametrize(
    ("_case", "rows", "message"),
    [
        ("no level", [{"level": "", "amount": "1"}], "第 1 行：请填写称号或等次"),
        (
            "twice",
            [{"level": "标兵", "amount": "1"}, {"level": "标兵", "amount": "2"}],
            "第 2 行：称号或等次「标兵」重复",
        ),
        ("no amount", [{"level": "标兵", "amount": ""}], "第 1 行：请填写「标兵」的奖励金额"),
        ("not a number", [{"level": "标兵", "amount": "五千"}], "第 1 行：奖励金额“五千”不是数字"),
        ("negative", [{"level": "标兵", "amount": "-1"}], "第 1 行：奖励金额不能小于 0"),
        ("three decimals", [{"level": "标兵", "amount": "1.005"}], "第 1 行：奖励金额最多保留两位小数"),
    ],
)
def test_reward_levels_errors_name_the_line(_case, rows, message):
    with pytest.raises(ValidationError) as exc:
        clean_reward_levels(rows)
    assert _errors(exc)["reward_levels"] == [message]


def test_reward_amounts_are_normalised():
    assert clean_reward_levels([{"level": "标兵", "amount": "5000.50"}]) == [
        {"level": "标兵", "amount": "5000.5"}
    ]
    assert Decimal(clean_reward_levels([{"level": "标兵", "amount": "3000.00"}])[0]["amount"]) == 3000


def test_budget_line_must_be_the_campaign_unions(world):
    own = make_line(world.org_a, purpose="评先奖励")
    other = make_line(world.org_b, purpose="评先奖励")
    assert _create(world, budget_line=own).budget_line == own
    with pytest.raises(ValidationError) as exc:
        _create(world, budget_line=other)
    assert _errors(exc)["budget_line"] == ["奖励经费须选择主办工会的预算科目"]


def test_quota_set_owned_by_the_campaign_issued_from_above(world):
    campaign = _create(
        world, quota_total=10, quota_issuer="测试市总工会", quota_reference="测工发〔2026〕3号"
    )
    quota_set = campaign.quota_set
    assert quota_set is not None
    assert (quota_set.total, quota_set.source, quota_set.issuer) == (10, QuotaSource.ISSUED, "测试市总工会")
    assert quota_set.received_reference == "测工发〔2026〕3号"
    assert quota_set.owner == campaign
    assert quota_set.org == world.org_a
    local = _create(world, quota_total=3)
    assert local.quota_set is not None
    assert local.quota_set.source == QuotaSource.LOCAL


def test_only_a_manager_of_the_union_creates_or_edits(world):
    with pytest.raises(PermissionDenied):
        _create(world, actor=world.outsider)
    with pytest.raises(PermissionDenied):
        _create(world, actor=world.org_member)
    campaign = _create(world)
    with pytest.raises(PermissionDenied):
        campaign_update(**_edit(campaign, actor=world.outsider))


def _edit(campaign: HonourCampaign, **extra):
    quota_set = campaign.quota_set
    fields = {
        "campaign": campaign,
        "title": campaign.title,
        "year": campaign.year,
        "category": campaign.category,
        "nominee_kind": campaign.nominee_kind,
        "nomination_deadline": campaign.nomination_deadline,
        "criteria": campaign.criteria,
        "materials": campaign.materials,
        "optional_stages": campaign.stages,
        "wants_stories": campaign.wants_stories,
        "reward_levels": campaign.reward_levels,
        "budget_line": campaign.budget_line,
        "quota_total": quota_set.total if quota_set else None,
        "quota_issuer": quota_set.issuer if quota_set else "",
        "quota_reference": quota_set.received_reference if quota_set else "",
        "actor": campaign.created_by,
    }
    fields.update(extra)
    return fields


def test_a_draft_changes_its_structure_and_quota(world):
    campaign = _create(world)
    campaign = campaign_update(**_edit(campaign, optional_stages=["meeting"], quota_total=8, title="新名称"))
    assert campaign.stages == [Stage.NOMINATE, Stage.MEETING, Stage.NAME]
    assert campaign.quota_set is not None
    assert campaign.quota_set.total == 8
    assert campaign.quota_set.title == "新名称推荐名额"
    campaign = campaign_update(**_edit(campaign, quota_total=12))
    assert campaign.quota_set is not None
    assert campaign.quota_set.total == 12
    with pytest.raises(ValidationError) as exc:
        campaign_update(**_edit(campaign, quota_total=None))
    assert _errors(exc)["quota_total"] == ["已设置推荐名额，不能取消；可修改名额总数"]
    with pytest.raises(ValidationError) as exc:
        campaign_update(**_edit(campaign, quota_issuer="测试市总工会"))
    assert "名额来源" in _errors(exc)["quota_issuer"][0]


def test_a_running_campaign_changes_only_title_and_criteria(world):
    campaign = _create(world)
    campaign_start(campaign=campaign, actor=world.org_admin)
    campaign.refresh_from_db()
    campaign = campaign_update(**_edit(campaign, title="改名后的评选", criteria="新的条件"))
    assert (campaign.title, campaign.criteria) == ("改名后的评选", "新的条件")
    with pytest.raises(ValidationError) as exc:
        campaign_update(**_edit(campaign, optional_stages=["notice"], year=2027))
    errors = _errors(exc)
    assert errors["stages"] == ["评选已开始，只能修改评选名称和评选条件"]
    assert errors["year"] == ["评选已开始，只能修改评选名称和评选条件"]


def test_a_named_or_cancelled_campaign_is_not_edited(world):
    campaign = make_campaign(org=world.org_a, actor=world.org_admin, status=CampaignStatus.NAMED)
    with pytest.raises(ValidationError, match="评选已命名，不能再修改"):
        campaign_update(**_edit(campaign))


# ---- start -------------------------------------------------------------------------------------------------------


def test_start_needs_criteria_and_a_future_deadline(world):
    campaign = _create(world, criteria="")
    HonourCampaign.objects.filter(pk=campaign.pk).update(nomination_deadline=_later(-1))
    with pytest.raises(ValidationError) as exc:
        campaign_start(campaign=campaign, actor=world.org_admin)
    assert exc.value.messages == ["请先填写评选条件", "推荐截止时间已过，请先修改推荐截止时间"]
    HonourCampaign.objects.filter(pk=campaign.pk).update(nomination_deadline=_later(), criteria="条件")
    started = campaign_start(campaign=campaign, actor=world.org_admin)
    assert (started.status, started.stage) == (CampaignStatus.RUNNING, Stage.NOMINATE)
    with pytest.raises(ValidationError, match="只有筹备中的评选可以开始"):
        campaign_start(campaign=campaign, actor=world.org_admin)
    with pytest.raises(PermissionDenied):
        campaign_start(campaign=_create(world), actor=world.outsider)


# ---- advance and blockers ----------------------------------------------------------------------------------------


@pytest.fixture
def running(world):
    return make_campaign(
        org=world.org_a, actor=world.org_admin, nomination_deadline=_later(-1), stages=list(Stage.values)
    )


def _advance(campaign, world, **extra):
    return campaign_advance(campaign=campaign, actor=world.org_admin, **extra)


def test_nominate_blockers_deadline_unsubmitted_and_none(world):
    campaign = make_campaign(org=world.org_a, actor=world.org_admin)
    assert stage_blockers(campaign) == [
        f"推荐截止时间（{timezone.localtime(campaign.nomination_deadline):%Y-%m-%d %H:%M}）未到；"
        "如需提前结束推荐，请勾选“提前结束推荐”",
        "还没有已提交的推荐",
    ]
    make_nomination(
        campaign=campaign, nominating_org=world.org_a, actor=world.org_admin, nominee_name="王老师"
    )
    draft = make_nomination(
        campaign=campaign,
        nominating_org=world.org_a,
        actor=world.org_admin,
        nominee_name="李老师",
        status=NominationStatus.DRAFT,
    )
    blockers = stage_blockers(campaign, close_early=True)
    assert blockers == ["以下推荐尚未提交，请推荐单位提交或撤回：甲县第一中学工会·李老师（草稿）"]
    with pytest.raises(ValidationError) as exc:
        _advance(campaign, world, close_early=True)
    assert exc.value.messages == blockers
    draft.status = NominationStatus.WITHDRAWN
    draft.save()
    advanced = _advance(campaign, world, close_early=True)
    assert advanced.stage == Stage.COUNTY_REVIEW
    row = TimelineEntry.objects.filter(object_id=str(campaign.pk), action="advance").get()
    assert row.note == "基层推荐 → 县区审核（提前结束推荐）"
    assert (row.from_state, row.to_state) == (Stage.NOMINATE, Stage.COUNTY_REVIEW)


def test_county_review_waits_for_every_submitted_nomination(world, running):
    nomination = make_nomination(campaign=running, nominating_org=world.org_a, actor=world.org_admin)
    HonourCampaign.objects.filter(pk=running.pk).update(stage=Stage.COUNTY_REVIEW)
    running.refresh_from_db()
    assert stage_blockers(running) == [
        f"还有 1 条推荐未完成县区审核（通过或不通过）：甲县第一中学工会·{nomination.nominee_name}（已推荐）"
    ]
    nomination.status = NominationStatus.PASSED
    nomination.save()
    assert stage_blockers(running) == []
    assert _advance(running, world).stage == Stage.CITY_REVIEW


def test_city_review_needs_the_round_and_every_score(world, running):
    nomination = make_nomination(
        campaign=running, nominating_org=world.org_a, actor=world.org_admin, status=NominationStatus.PASSED
    )
    HonourCampaign.objects.filter(pk=running.pk).update(stage=Stage.CITY_REVIEW)
    running.refresh_from_db()
    assert stage_blockers(running) == ["尚未开始市级评审", "还有 1 条推荐没有评审结果，请先确认市级评审结果"]
    running.review_round = make_round(org=world.org_a, actor=world.org_admin)
    running.save()
    nomination.score = Decimal("92.5")
    nomination.save()
    assert stage_blockers(running) == []
    assert _advance(running, world).stage == Stage.MEETING


def test_meeting_needs_its_date_and_every_decision(world, running):
    nomination = make_nomination(
        campaign=running, nominating_org=world.org_a, actor=world.org_admin, status=NominationStatus.PASSED
    )
    HonourCampaign.objects.filter(pk=running.pk).update(stage=Stage.MEETING)
    running.refresh_from_db()
    assert stage_blockers(running) == ["尚未记录会议研究结果（会议日期）", "还有 1 条推荐未经会议研究决定"]
    running.meeting_held_on = timezone.localdate()
    running.save()
    nomination.status = NominationStatus.APPROVED
    nomination.save()
    assert _advance(running, world).stage == Stage.NOTICE


def test_notice_needs_the_campaigns_closed_notice(world, running):
    HonourCampaign.objects.filter(pk=running.pk).update(stage=Stage.NOTICE)
    running.refresh_from_db()
    assert stage_blockers(running) == ["尚未发布公示"]
    notice = make_notice(org=world.org_a, actor=world.org_admin, title="焦作标兵拟命名人选公示")
    Notice.objects.filter(pk=notice.pk).update(
        owner_type=ContentType.objects.get_for_model(HonourCampaign), owner_id=running.pk
    )
    assert stage_blockers(running) == ["公示「焦作标兵拟命名人选公示」尚未结束（公示中）"]
    Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.CLOSED)
    assert _advance(running, world).stage == Stage.NAME


def test_naming_is_not_left_by_advance_and_skipped_stages_are_skipped(world):
    campaign = make_campaign(
        org=world.org_a,
        actor=world.org_admin,
        stages=[Stage.NOMINATE, Stage.MEETING, Stage.NAME],
        stage=Stage.MEETING,
        meeting_held_on=timezone.localdate(),
    )
    campaign = _advance(campaign, world)
    assert campaign.stage == Stage.NAME
    with pytest.raises(ValidationError, match="命名阶段由“命名”页面完成命名后结束"):
        _advance(campaign, world)
    assert stage_blockers(campaign) == ["命名阶段由“命名”页面完成命名后结束"]


def test_only_the_runner_advances_a_running_campaign(world, running):
    with pytest.raises(PermissionDenied):
        campaign_advance(campaign=running, actor=world.outsider)
    county_admin = make_cadre("county_x_admin", world.county_x)
    city = make_campaign(org=world.city, actor=county_admin)
    with pytest.raises(PermissionDenied):
        campaign_advance(campaign=city, actor=county_admin)
    draft = _create(world)
    with pytest.raises(ValidationError, match="只有进行中的评选可以进入下一阶段"):
        _advance(draft, world)


def test_counts_and_progress(world):
    campaign = make_campaign(
        org=world.org_a, actor=world.org_admin, stages=[Stage.NOMINATE, Stage.NOTICE, Stage.NAME]
    )
    make_nomination(campaign=campaign, nominating_org=world.org_a, actor=world.org_admin, nominee_name="甲")
    make_nomination(campaign=campaign, nominating_org=world.org_a, actor=world.org_admin, nominee_name="乙")
    make_nomination(
        campaign=campaign,
        nominating_org=world.org_a,
        actor=world.org_admin,
        nominee_name="丙",
        status=NominationStatus.DRAFT,
    )
    assert [(row.label, row.count) for row in campaign_counts(campaign)] == [("草稿", 1), ("已推荐", 2)]
    HonourCampaign.objects.filter(pk=campaign.pk).update(stage=Stage.NOTICE)
    campaign.refresh_from_db()
    assert [(step.label, step.state) for step in stage_progress(campaign)] == [
        ("基层推荐", "done"),
        ("公示", "current"),
        ("命名", "todo"),
    ]


# ---- cancel ------------------------------------------------------------------------------------------------------


def test_cancel_needs_a_reason_and_releases_quota_places(world):
    county_admin = make_cadre("county_x_admin", world.county_x)
    campaign = _create(world, org=world.county_x, actor=county_admin, quota_total=5)
    campaign_start(campaign=campaign, actor=county_admin)
    campaign.refresh_from_db()
    assert campaign.quota_set is not None
    [allocation] = quota_allocate(
        quota_set=campaign.quota_set, shares={world.org_a.pk: 2}, actor=county_admin
    )
    nomination = make_nomination(campaign=campaign, nominating_org=world.org_a, actor=world.org_admin)
    quota_use(allocation=allocation, owner=nomination, actor=world.org_admin)
    with pytest.raises(PermissionDenied):
        campaign_cancel(campaign=campaign, actor=world.org_admin, reason="下级不能撤销")
    with pytest.raises(ValidationError) as exc:
        campaign_cancel(campaign=campaign, actor=county_admin, reason=" ")
    assert _errors(exc)["reason"] == ["请填写撤销原因"]
    cancelled = campaign_cancel(campaign=campaign, actor=county_admin, reason="上级通知暂停评选")
    assert cancelled.status == CampaignStatus.CANCELLED
    assert not QuotaUse.objects.filter(released_at__isnull=True).exists()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    row = TimelineEntry.objects.filter(object_id=str(campaign.pk), action="cancel").get()
    assert row.note == "上级通知暂停评选；释放推荐名额 1 个"
    with pytest.raises(ValidationError, match="评选已撤销，不能撤销"):
        campaign_cancel(campaign=campaign, actor=county_admin, reason="再次")
