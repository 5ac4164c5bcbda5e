"""The late stages of a campaign run by 甲县教育工会 (county X), proved end to end on the shared blocks: the 市级评审
scores and ranks the passed nominations on a reviews round owned by the campaign; the meeting approves and
declines; the 公示 lists the approved, and an upheld objection withdraws a nomination so it is not named; naming
makes one honour per approved nomination (idempotent); the reward is paid once through the ledger, a re-imported
bank file pays nothing more; the naming 决定 is drafted as a 公文; the certificates go to the holders."""

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_cadre
from gonghui.core.excel import SheetSpec, write_workbook
from gonghui.core.timeline import timeline_for
from gonghui.documents.choices import RecordAction
from gonghui.documents.models import Document, IssuerSettings
from gonghui.honours.choices import (
    CampaignStatus,
    HonourLevel,
    NominationStatus,
    NomineeKind,
    Stage,
)
from gonghui.honours.models import Honour, HonourCampaign, Nomination
from gonghui.honours.registrations.naming import honour_candidates
from gonghui.honours.selectors.naming import (
    naming_blockers,
    naming_decision_text,
    reward_key,
    reward_rows,
)
from gonghui.honours.services.naming import (
    campaign_name,
    campaign_notice_create,
    city_review_finalise,
    city_review_start,
    meeting_record,
    naming_document_draft,
    rewards_pay,
)
from gonghui.ledger.choices import EntryStatus as PaymentState
from gonghui.ledger.models import LedgerEntry, PaymentResult
from gonghui.ledger.services import ledger_results_import
from gonghui.ledger.tests.factories import make_line
from gonghui.members.tests.factories import MemberFactory
from gonghui.notices.choices import EntryStatus as NoticeEntryStatus
from gonghui.notices.choices import NoticeStatus
from gonghui.notices.services import notice_close, notice_publish, objection_answer, objection_submit
from gonghui.reviews.choices import RoundStatus as ReviewStatus
from gonghui.reviews.services import ScoreInput, judge_add, round_open, sheet_save, sheet_submit
from gonghui.reviews.tests.factories import make_template

from .factories import make_campaign, make_nomination

pytestmark = pytest.mark.django_db

REWARD_LEVELS = [{"level": "甲县标兵", "amount": "2000"}, {"level": "甲县先进个人", "amount": "500"}]


@dataclass
class Setup:
    runner: Any
    campaign: HonourCampaign
    nominations: dict[str, Nomination]

    def refresh(self) -> None:
        self.campaign.refresh_from_db()
        for nomination in self.nominations.values():
            nomination.refresh_from_db()


def setup_campaign(world: Any, *, stage: str = Stage.CITY_REVIEW, **extra: Any) -> Setup:
    """County X runs a campaign with every stage; org A nominated 王老师, 李老师 and 赵老师 (county review passed)
    and 孙老师 (rejected at the county review)."""
    runner = make_cadre("runner_x", world.county_x)
    fields: dict[str, Any] = {"stage": stage, "reward_levels": REWARD_LEVELS, "wants_stories": True}
    fields.update(extra)
    campaign = make_campaign(org=world.county_x, actor=runner, title="2026年度“甲县标兵”评选", **fields)
    nominations = {}
    for name, status in (
        ("王老师", NominationStatus.PASSED),
        ("李老师", NominationStatus.PASSED),
        ("赵老师", NominationStatus.PASSED),
        ("孙老师", NominationStatus.REJECTED),
    ):
        member = MemberFactory.create(org=world.org_a, name=name)
        nominations[name] = make_nomination(
            campaign=campaign,
            nominating_org=world.org_a,
            actor=world.org_admin,
            member=member,
            status=status,
            nominee_unit="甲县第一中学",
            story=f"{name}的先进事迹",
        )
    return Setup(runner=runner, campaign=campaign, nominations=nominations)


def close(notice: Any) -> None:
    """The 公示's window ends: closed the day after its last day."""
    assert notice.ends_on is not None
    notice_close(notice=notice, today=notice.ends_on + dt.timedelta(days=1))


def move(setup: Setup, stage: str) -> None:
    HonourCampaign.objects.filter(pk=setup.campaign.pk).update(stage=stage)
    setup.campaign.refresh_from_db()


def score_and_finalise(world: Any, setup: Setup, points: dict[str, int]) -> None:
    template = make_template(org=world.county_x, actor=setup.runner)
    review_round = city_review_start(campaign=setup.campaign, template=template, actor=setup.runner)
    judge_user = make_cadre("judge_x", world.county_x)
    judge = judge_add(review_round=review_round, user=judge_user, actor=setup.runner)
    round_open(review_round=review_round, actor=setup.runner)
    criteria = {c.name: c.pk for c in template.criteria.all()}
    setup.refresh()
    for name, total in points.items():
        entry = setup.nominations[name].review_entry
        assert entry is not None
        sheet = sheet_save(
            judge=judge,
            entry=entry,
            scores={
                criteria["创新性"]: ScoreInput(min(total, 40)),
                criteria["实效性"]: ScoreInput(total - min(total, 40), comment="成绩突出"),
                criteria["存在违纪违法"]: ScoreInput(0),
            },
            actor=judge_user,
        )
        sheet_submit(sheet=sheet, actor=judge_user)
    city_review_finalise(campaign=setup.campaign, actor=setup.runner)
    setup.refresh()


def meeting(setup: Setup, decisions: dict[str, tuple[bool, str]]) -> Any:
    return meeting_record(
        campaign=setup.campaign,
        held_on=dt.date(2026, 11, 20),
        name="甲县教育工会主席办公会",
        minutes="研究确定2026年度甲县标兵。",
        decisions={setup.nominations[name].pk: decision for name, decision in decisions.items()},
        actor=setup.runner,
    )


# ---- 市级评审 ---------------------------------------------------------------------------------------------------


def test_city_review_enters_the_passed_nominations_and_ranks_them(world):
    setup = setup_campaign(world)
    score_and_finalise(world, setup, {"王老师": 70, "李老师": 90})
    campaign, n = setup.campaign, setup.nominations
    assert campaign.review_round is not None
    assert campaign.review_round.status == ReviewStatus.CLOSED
    assert campaign.review_round.owner == campaign
    assert n["孙老师"].review_entry is None
    assert (n["李老师"].rank, n["李老师"].score) == (1, Decimal("90.000"))
    assert (n["王老师"].rank, n["王老师"].score) == (2, Decimal("70.000"))
    assert (n["赵老师"].rank, n["赵老师"].score) == (None, None)  # no sheet: unranked
    wang_entry = n["王老师"].review_entry
    assert wang_entry is not None
    assert wang_entry.owner == n["王老师"]
    assert {"city_review_start", "city_review_final"} <= {e.action for e in timeline_for(campaign)}
    assert naming_blockers(campaign) == []


def test_city_review_takes_submitted_nominations_without_a_county_review(world):
    setup = setup_campaign(world, stages=[s for s in Stage.values if s != Stage.COUNTY_REVIEW])
    submitted = make_nomination(
        campaign=setup.campaign,
        nominating_org=world.org_a,
        actor=world.org_admin,
        member=MemberFactory.create(org=world.org_a, name="钱老师"),
    )
    template = make_template(org=world.county_x, actor=setup.runner)
    city_review_start(campaign=setup.campaign, template=template, actor=setup.runner)
    submitted.refresh_from_db()
    assert submitted.review_entry is not None
    assert Nomination.objects.filter(campaign=setup.campaign, review_entry__isnull=False).count() == 1


def test_city_review_is_refused_at_another_stage_twice_and_to_others(world):
    setup = setup_campaign(world, stage=Stage.MEETING)
    template = make_template(org=world.county_x, actor=setup.runner)
    with pytest.raises(ValidationError, match="会议研究"):
        city_review_start(campaign=setup.campaign, template=template, actor=setup.runner)
    move(setup, Stage.CITY_REVIEW)
    with pytest.raises(PermissionDenied):
        city_review_start(campaign=setup.campaign, template=template, actor=world.org_admin)
    city_review_start(campaign=setup.campaign, template=template, actor=setup.runner)
    with pytest.raises(ValidationError, match="市级评审已开始"):
        city_review_start(campaign=setup.campaign, template=template, actor=setup.runner)
    with pytest.raises(ValidationError, match="尚未开始评分"):
        city_review_finalise(campaign=setup.campaign, actor=setup.runner)


def test_blind_review_hides_the_names(world):
    setup = setup_campaign(world)
    template = make_template(org=world.county_x, actor=setup.runner)
    review_round = city_review_start(
        campaign=setup.campaign, template=template, actor=setup.runner, blind_mode="blind"
    )
    titles = sorted(review_round.entries.values_list("title", flat=True))
    assert titles == ["第001号", "第002号", "第003号"]


# ---- 会议研究 ---------------------------------------------------------------------------------------------------


def test_meeting_approves_and_declines_with_levels(world):
    setup = setup_campaign(world, stage=Stage.MEETING)
    outcome = meeting(setup, {"王老师": (True, ""), "李老师": (True, "甲县先进个人"), "赵老师": (False, "")})
    setup.refresh()
    n = setup.nominations
    assert (outcome.approved, outcome.declined) == (2, 1)
    assert (n["王老师"].status, n["王老师"].honour_level) == (NominationStatus.APPROVED, "甲县标兵")
    assert (n["李老师"].status, n["李老师"].honour_level) == (NominationStatus.APPROVED, "甲县先进个人")
    assert (n["赵老师"].status, n["赵老师"].honour_level) == (NominationStatus.NOT_SELECTED, "")
    assert n["孙老师"].status == NominationStatus.REJECTED
    assert setup.campaign.meeting_name == "甲县教育工会主席办公会"
    assert setup.campaign.meeting_held_on == dt.date(2026, 11, 20)
    assert [e.action for e in timeline_for(n["王老师"])] == ["approve"]
    assert "meeting" in [e.action for e in timeline_for(setup.campaign)]


def test_meeting_needs_every_decision_and_known_levels(world):
    setup = setup_campaign(world, stage=Stage.MEETING)
    with pytest.raises(ValidationError, match="赵老师"):
        meeting(setup, {"王老师": (True, ""), "李老师": (True, "")})
    with pytest.raises(ValidationError, match="奖励标准"):
        meeting(setup, {"王老师": (True, "全国标兵"), "李老师": (True, ""), "赵老师": (False, "")})
    with pytest.raises(ValidationError, match="不在本次会议研究范围"):
        meeting(
            setup, {"王老师": (True, ""), "李老师": (True, ""), "赵老师": (False, ""), "孙老师": (True, "")}
        )
    assert not Nomination.objects.filter(status=NominationStatus.APPROVED).exists()


def test_meeting_default_level_is_the_category_without_reward_levels(world):
    setup = setup_campaign(world, stage=Stage.MEETING, reward_levels=[])
    meeting(setup, {"王老师": (True, ""), "李老师": (False, ""), "赵老师": (False, "")})
    setup.refresh()
    assert setup.nominations["王老师"].honour_level == "焦作标兵"


def test_meeting_warns_beyond_the_places(world):
    from gonghui.quotas.models import QuotaSet

    setup = setup_campaign(world, stage=Stage.MEETING)
    quota_set = QuotaSet.objects.create(
        org=world.county_x, owner_id=setup.campaign.pk, title="名额", total=1, created_by=setup.runner
    )
    HonourCampaign.objects.filter(pk=setup.campaign.pk).update(quota_set=quota_set)
    setup.campaign.refresh_from_db()
    outcome = meeting(setup, {"王老师": (True, ""), "李老师": (True, ""), "赵老师": (False, "")})
    assert outcome.warnings == ["会议通过 2 名，超过推荐名额总数 1 名"]


# ---- 公示 and 命名 --------------------------------------------------------------------------------------------


def approved(world: Any, **extra: Any) -> Setup:
    setup = setup_campaign(world, stage=Stage.MEETING, **extra)
    meeting(setup, {"王老师": (True, ""), "李老师": (True, "甲县先进个人"), "赵老师": (False, "")})
    move(setup, Stage.NOTICE)
    return setup


def test_notice_lists_the_approved(world):
    setup = approved(world)
    notice = campaign_notice_create(campaign=setup.campaign, actor=setup.runner)
    rows = list(notice.entries.order_by("pk").values_list("name", "unit", "reason"))
    assert rows == [("王老师", "甲县第一中学", "甲县标兵"), ("李老师", "甲县第一中学", "甲县先进个人")]
    assert notice.owner == setup.campaign
    assert naming_blockers(setup.campaign) == ["公示尚未结束"]
    with pytest.raises(ValidationError, match="已有公示"):
        campaign_notice_create(campaign=setup.campaign, actor=setup.runner)


def test_an_upheld_objection_withdraws_the_nomination_and_it_is_not_named(world):
    # given the 公示 published
    setup = approved(world)
    notice = notice_publish(
        notice=campaign_notice_create(campaign=setup.campaign, actor=setup.runner), actor=setup.runner
    )
    wang = setup.nominations["王老师"]
    notice_entry = notice.entries.get(name="王老师")
    objection = objection_submit(
        notice=notice, user=world.org_member, text="事迹材料与实际不符", entry=notice_entry
    )
    # when the runner upholds it
    objection_answer(objection=objection, outcome="upheld", answer="经核实，异议成立", actor=setup.runner)
    # then the nomination is withdrawn with its reason on its timeline
    wang.refresh_from_db()
    notice_entry.refresh_from_db()
    assert wang.status == NominationStatus.WITHDRAWN
    assert notice_entry.status == NoticeEntryStatus.WITHDRAWN
    (row,) = [e for e in timeline_for(wang) if e.action == "withdraw"]
    assert row.note.startswith("公示异议成立，撤销推荐")
    # and once the 公示 is over, naming leaves 王老师 out
    close(notice)
    move(setup, Stage.NAME)
    honours = campaign_name(campaign=setup.campaign, actor=setup.runner, named_on=dt.date(2026, 12, 1))
    assert [h.holder_name for h in honours] == ["李老师"]
    wang.refresh_from_db()
    assert wang.status == NominationStatus.WITHDRAWN
    assert not Honour.objects.filter(nomination=wang).exists()


def test_a_dismissed_objection_changes_nothing(world):
    setup = approved(world)
    notice = notice_publish(
        notice=campaign_notice_create(campaign=setup.campaign, actor=setup.runner), actor=setup.runner
    )
    objection = objection_submit(
        notice=notice, user=world.org_member, text="该同志事迹有夸大", entry=notice.entries.get(name="王老师")
    )
    objection_answer(
        objection=objection, outcome="dismissed", answer="经核实，异议不成立", actor=setup.runner
    )
    setup.refresh()
    assert setup.nominations["王老师"].status == NominationStatus.APPROVED


def named(world: Any, **extra: Any) -> Setup:
    setup = approved(world, **extra)
    notice = notice_publish(
        notice=campaign_notice_create(campaign=setup.campaign, actor=setup.runner), actor=setup.runner
    )
    close(notice)
    move(setup, Stage.NAME)
    campaign_name(campaign=setup.campaign, actor=setup.runner, named_on=dt.date(2026, 12, 1))
    setup.refresh()
    return setup


def test_naming_makes_one_honour_per_approved_nomination(world):
    setup = named(world)
    honours = {h.holder_name: h for h in Honour.objects.filter(campaign=setup.campaign)}
    assert set(honours) == {"王老师", "李老师"}
    wang = honours["王老师"]
    assert wang.member == setup.nominations["王老师"].member
    assert wang.org == world.org_a
    assert wang.title == "甲县标兵"
    assert wang.level == HonourLevel.COUNTY
    assert wang.awarded_by == "甲县教育工会"
    assert wang.awarded_on == dt.date(2026, 12, 1)
    assert wang.year == 2026
    assert wang.story == "王老师的先进事迹"
    assert wang.reward_amount == Decimal("2000.00")
    assert honours["李老师"].reward_amount == Decimal("500.00")
    assert setup.campaign.status == CampaignStatus.NAMED
    assert setup.campaign.named_on == dt.date(2026, 12, 1)
    assert setup.nominations["王老师"].status == NominationStatus.NAMED
    assert setup.nominations["赵老师"].status == NominationStatus.NOT_SELECTED
    # a second submit makes nothing more
    again = campaign_name(campaign=setup.campaign, actor=setup.runner, named_on=dt.date(2026, 12, 2))
    assert len(again) == 2
    assert Honour.objects.filter(campaign=setup.campaign).count() == 2


def test_naming_waits_for_the_notice_and_needs_the_runner(world):
    setup = approved(world)
    campaign_notice_create(campaign=setup.campaign, actor=setup.runner)
    move(setup, Stage.NAME)
    with pytest.raises(ValidationError, match="公示尚未结束"):
        campaign_name(campaign=setup.campaign, actor=setup.runner, named_on=dt.date(2026, 12, 1))
    with pytest.raises(PermissionDenied):
        campaign_name(campaign=setup.campaign, actor=world.org_admin, named_on=dt.date(2026, 12, 1))
    assert not Honour.objects.exists()


def test_naming_an_org_campaign_honours_the_union(world):
    runner = make_cadre("runner_x", world.county_x)
    campaign = make_campaign(
        org=world.county_x,
        actor=runner,
        stage=Stage.NAME,
        stages=[Stage.NOMINATE, Stage.NAME],
        nominee_kind=NomineeKind.ORG,
        reward_levels=[],
        title="2026年度模范职工之家",
    )
    make_nomination(
        campaign=campaign, nominating_org=world.org_a, actor=world.org_admin, nominee_org=world.org_a
    )
    (honour,) = campaign_name(campaign=campaign, actor=runner, named_on=dt.date(2026, 12, 1))
    assert (honour.holder_org, honour.org, honour.member) == (world.org_a, world.org_a, None)
    assert honour.title == "2026年度模范职工之家"
    assert honour.reward_amount is None
    assert honour.story == ""


def test_certificates_go_to_the_holders(world):
    setup = named(world)
    candidates = honour_candidates(setup.campaign)
    assert sorted(c.holder_name for c in candidates) == ["李老师", "王老师"]
    wang = next(c for c in candidates if c.holder_name == "王老师")
    assert wang.holder == setup.nominations["王老师"].member
    assert wang.data["title"] == "甲县标兵"


# ---- 奖励 -------------------------------------------------------------------------------------------------------


def with_budget(world: Any, setup: Setup) -> Any:
    line = make_line(world.county_x, amount="10000.00", purpose="标兵奖励")
    HonourCampaign.objects.filter(pk=setup.campaign.pk).update(budget_line=line)
    setup.campaign.refresh_from_db()
    return line


def result_file(rows: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, [SheetSpec(name="结果", headers=["业务编号", "结果", "失败原因"], rows=rows)])
    return buffer.getvalue()


def test_rewards_are_paid_once(world):
    setup = named(world)
    with pytest.raises(ValidationError, match="奖励经费"):
        rewards_pay(campaign=setup.campaign, actor=setup.runner)
    line = with_budget(world, setup)
    outcome = rewards_pay(campaign=setup.campaign, actor=setup.runner)
    assert (outcome.paid, outcome.total) == (2, Decimal("2500.00"))
    again = rewards_pay(campaign=setup.campaign, actor=setup.runner)
    assert (again.paid, again.already) == (0, 2)
    entries = LedgerEntry.objects.filter(budget_line=line)
    assert entries.count() == 2
    wang = Honour.objects.get(campaign=setup.campaign, holder_name="王老师")
    entry = entries.get(idempotency_key=reward_key(wang))
    assert (entry.amount, entry.payee_member, entry.owner) == (Decimal("2000.00"), wang.member, wang)
    assert "reward" in [e.action for e in timeline_for(setup.campaign)]


def test_a_reimported_bank_file_pays_nothing_twice(world):
    setup = named(world)
    line = with_budget(world, setup)
    rewards_pay(campaign=setup.campaign, actor=setup.runner)
    keys = sorted(LedgerEntry.objects.filter(budget_line=line).values_list("idempotency_key", flat=True))
    data = result_file([[keys[0], "成功", ""], [keys[1], "失败", "账号不存在"]])
    ledger_results_import(budget_line=line, data=data, actor=setup.runner)
    ledger_results_import(budget_line=line, data=data, actor=setup.runner)
    rewards_pay(campaign=setup.campaign, actor=setup.runner)
    assert LedgerEntry.objects.filter(budget_line=line).count() == 2
    assert PaymentResult.objects.count() == 4
    states = {row.honour.pk: row.status for row in reward_rows(setup.campaign)}
    assert sorted(states.values()) == sorted([PaymentState.PAID, PaymentState.FAILED])


def test_rewards_need_the_runner_and_a_named_campaign(world):
    setup = approved(world)
    with_budget(world, setup)
    with pytest.raises(ValidationError, match="命名后"):
        rewards_pay(campaign=setup.campaign, actor=setup.runner)
    with pytest.raises(PermissionDenied):
        rewards_pay(campaign=setup.campaign, actor=world.org_admin)


# ---- 公文 -------------------------------------------------------------------------------------------------------


def test_the_naming_decision_lists_the_named_by_level(world):
    setup = named(world)
    text = naming_decision_text(setup.campaign)
    assert text.title == "关于命名表彰2026年度“甲县标兵”的决定"
    assert "一、甲县标兵（1名）" in text.body
    assert "王老师（甲县第一中学）" in text.body
    assert "二、甲县先进个人（1名）" in text.body
    assert "2026年11月20日甲县教育工会主席办公会研究" in text.body
    assert text.main_to == "各基层工会"


def test_the_naming_decision_is_drafted_as_a_document(world):
    setup = named(world)
    IssuerSettings.objects.create(org=world.county_x, series="甲教工", separate_duties=True)
    document = naming_document_draft(campaign=setup.campaign, actor=setup.runner)
    assert document.title == "关于命名表彰2026年度“甲县标兵”的决定"
    assert document.record_type is not None
    assert (document.record_type.model, document.record_id) == ("honourcampaign", str(setup.campaign.pk))
    assert RecordAction.DOCUMENT_DRAFTED in [e.action for e in timeline_for(setup.campaign)]
    assert Document.objects.count() == 1


def test_the_naming_decision_needs_a_named_campaign(world):
    setup = approved(world)
    with pytest.raises(ValidationError, match="尚未命名"):
        naming_document_draft(campaign=setup.campaign, actor=setup.runner)


def test_notice_closed_tells_the_runner(world, django_capture_on_commit_callbacks):
    from gonghui.notifications.models import Notification

    setup = approved(world)
    notice = notice_publish(
        notice=campaign_notice_create(campaign=setup.campaign, actor=setup.runner), actor=setup.runner
    )
    with django_capture_on_commit_callbacks(execute=True):
        close(notice)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.CLOSED
    assert Notification.objects.filter(recipient=setup.runner, category="honours").exists()
    assert "notice_result" in [e.action for e in timeline_for(setup.campaign)]


def test_naming_a_studio_campaign_names_the_chosen_studios(world):
    from gonghui.honours.choices import StudioStatus

    from .factories import make_studio, make_worker

    runner = make_cadre("runner_x", world.county_x)
    campaign = make_campaign(
        org=world.county_x,
        actor=runner,
        stage=Stage.NAME,
        stages=[Stage.NOMINATE, Stage.MEETING, Stage.NAME],
        nominee_kind=NomineeKind.STUDIO,
        reward_levels=[],
        title="2026年度示范性劳模和工匠人才创新工作室评选",
    )
    studios = {}
    for name, status in (("王劳模", NominationStatus.APPROVED), ("李工匠", NominationStatus.NOT_SELECTED)):
        leader = make_worker(org=world.org_a, actor=world.org_admin, name=name)
        studios[name] = make_studio(org=world.org_a, leader=leader, actor=world.org_admin)
        make_nomination(
            campaign=campaign,
            nominating_org=world.org_a,
            actor=world.org_admin,
            studio=studios[name],
            status=status,
            nominee_name=studios[name].name,
            honour_level="示范性创新工作室" if status == NominationStatus.APPROVED else "",
        )
    (honour,) = campaign_name(campaign=campaign, actor=runner, named_on=dt.date(2026, 12, 1))
    assert honour.holder_name == "王劳模劳模创新工作室"
    assert honour.org == world.org_a
    for studio in studios.values():
        studio.refresh_from_db()
    assert studios["王劳模"].status == StudioStatus.NAMED
    assert studios["王劳模"].level == "示范性创新工作室"
    assert studios["王劳模"].named_on == dt.date(2026, 12, 1)
    assert studios["李工匠"].status == StudioStatus.NOT_SELECTED


def test_batch_issue_prints_the_honour(world, django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    from gonghui.certificates.models import Certificate
    from gonghui.certificates.pdf import certificate_pdf
    from gonghui.certificates.services import certificate_issue_batch
    from gonghui.honours.selectors.naming import CERTIFICATE_KIND

    setup = named(world)
    with django_capture_on_commit_callbacks(execute=True):
        job = certificate_issue_batch(
            kind=CERTIFICATE_KIND,
            issuer=world.county_x,
            owner=setup.campaign,
            title=setup.campaign.title,
            awarded_on=dt.date(2026, 12, 1),
            actor=setup.runner,
        )
    job.refresh_from_db()
    assert (job.total, job.issued) == (2, 2)
    member = setup.nominations["王老师"].member
    assert member is not None
    certificate = Certificate.objects.get(holder_id=member.pk)
    assert certificate.number.startswith("荣誉证〔")
    pdf = certificate_pdf(certificate, base_url="http://testserver/")
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "王老师（甲县第一中学）" in text
    assert "被命名为“甲县标兵”，特发此证" in text
