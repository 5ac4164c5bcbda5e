"""Demo 评选表彰与劳模工匠 of the city union (焦作市教科文卫体工会), made through the services as the demo cadres
(`shi_admin` runs the city's campaigns, each county and school union's own `<code>_admin` nominates, reviews and
self-checks, the `*_pingwei` judges score as themselves); rows of a past day are written under `demo_clock`:

- 2020年度“焦作标兵”评选: 基层推荐 → 县区审核 → 市级评审 → 会议研究 → 公示 → 命名, its 12 places allocated to
  four county unions (which hand them on to their schools and hospitals) and two city units; nine nominations,
  one returned by its county and submitted again, one rejected at 县区审核; eight scored by three judges, the
  meeting approves six (the demo member 13900000001 among them), the 公示 closes with one objection answered
  不成立; the six are named, certificates issued, the 决定 drafted, the 5000 yuan rewards paid through the ledger
  (the payment file exported and the bank's answer imported: all paid).
- 最美护士 of this year, running: six nurses nominated with their stories (the demo nurse 13700000017 among
  them), reviewed by their counties, five approved by the meeting and now in a 公示 the members see on the portal.
- 20 劳模/工匠 of the roster in the registry (national, provincial, city), each member's flag synced by the
  workers service; 体检 records, one 慰问金 paid, visits, the 六大行动 (all six kinds) and a 先进集体 专项行动.
- 创新工作室: two named by the 2023 studio campaign (one re-confirmed at its 2025 验收 with its 3万 tranche, one put
  under rectification and 摘牌 after a year without results) and one named this year (its 5万 tranche paid).
- 建家考评 of 解放区教科文卫体工会: five units' self-checks submitted and scored by two county assessors, closed.
- Older outside honours recorded by hand (全国劳动模范, 全国五一劳动奖章, 河南省模范职工之家 …), so the member and
  union pages show history across the years.

Idempotent section by section: a campaign, registry, studio or assessment of the same name is not made again."""

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.certificates.kinds import certificate_kinds
from gonghui.certificates.services import certificate_issue
from gonghui.core.excel import SheetSpec, write_workbook
from gonghui.ledger.choices import FundKind
from gonghui.ledger.models import BudgetLine, Fund, LedgerEntry
from gonghui.ledger.services import budget_line_set, fund_create, ledger_batch_export, ledger_results_import
from gonghui.members.choices import HOLDING_STATUSES, JobCategory
from gonghui.members.models import Member
from gonghui.notices.choices import ObjectionOutcome
from gonghui.notices.services import notice_close, notice_publish, objection_answer, objection_submit
from gonghui.orgs.models import Org
from gonghui.quotas.selectors import allocation_of
from gonghui.quotas.services import quota_allocate
from gonghui.reviews import services as reviews
from gonghui.reviews.models import Criterion, Judge, ReviewEntry, ScoreSheetTemplate
from gonghui.reviews.services import CriterionInput, ScoreInput
from gonghui.visits.choices import VisitOccasion

from .choices import (
    AssessmentKind,
    AssessmentResult,
    CampaignCategory,
    CareKind,
    HonourLevel,
    NominationStatus,
    NomineeKind,
    PovertyActionKind,
    Stage,
    TrancheKind,
    WorkerKind,
    WorkerLevel,
)
from .models import (
    HomeAssessment,
    Honour,
    HonourCampaign,
    InnovationStudio,
    ModelWorker,
    Nomination,
)
from .permissions import can_run_campaign
from .selectors.homes import assessor_candidate_ids
from .selectors.naming import CERTIFICATE_KIND, campaign_honours, campaign_notices, reward_key
from .services.campaigns import campaign_advance, campaign_create, campaign_start
from .services.homes import (
    home_assessment_close,
    home_assessment_create,
    home_assessment_open,
    home_assessors_add,
    home_units_add,
)
from .services.naming import (
    campaign_name,
    campaign_notice_create,
    city_review_finalise,
    city_review_start,
    meeting_record,
    naming_document_draft,
    rewards_pay,
)
from .services.nominations import (
    nomination_create,
    nomination_return,
    nomination_review,
    nomination_submit,
    nomination_update,
)
from .services.records import honour_record
from .services.studios import (
    assessment_create,
    assessment_decide,
    output_record,
    studio_apply,
    studio_delist,
    tranche_pay,
)
from .services.workers import care_record, poverty_action_record, worker_create, worker_visit_record

ROOT_CODE = "JZJKWT"
RUNNER = "shi_admin"  # the city union's 工会管理员 runs its campaigns
DRAFTER = "shi_ganshi"  # the city union's 拟稿 person drafts the 决定
DEMO_MEMBER_PHONE = "13900000001"  # the README's member: named 焦作标兵 in 2020
DEMO_NURSE_PHONE = "13700000017"  # the README's nurse: in this year's 最美护士 公示
FUND_NAME = "本级经费"


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(_at(day, hour))


@contextmanager
def _on(day: dt.date, hour: int = 9) -> Iterator[None]:
    with demo_clock(_at(day, hour)):
        yield


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _admin_of(org: Org, fallback: User) -> User:
    """The union's own `<code>_admin`, else the runner."""
    return _user(f"{org.code.lower()}_admin") or fallback


def _orgs(codes: Sequence[str]) -> dict[str, Org]:
    return {org.code: org for org in Org.objects.filter(code__in=list(codes))}


def _pick(org: Org, taken: set[int], categories: Sequence[str] = (), *, phone: str = "") -> Member | None:
    """A holding member of the union not yet taken (the one whose login is `phone` when given), of the first
    category that has one (any category last); deterministic."""
    holding = Member.objects.filter(org=org, status__in=HOLDING_STATUSES).exclude(pk__in=taken)
    member: Member | None = None
    if phone:
        member = holding.filter(Q(user__phone=phone) | Q(phone=phone)).first()
    for category in categories:
        if member is None:
            member = holding.filter(job_category=category).order_by("pk").first()
    if member is None:
        member = holding.order_by("pk").first()
    if member is not None:
        taken.add(member.pk)
    return member


def _budget_line(root: Org, year: int, purpose: str, amount: int, actor: User) -> BudgetLine:
    """The city union's 本级经费 line for `purpose` in `year` (the fund and the line made when missing)."""
    fund = Fund.objects.filter(org=root, year=year, name=FUND_NAME).first() or fund_create(
        org=root, kind=FundKind.OWN, name=FUND_NAME, year=year, actor=actor
    )
    return BudgetLine.objects.filter(fund=fund, purpose=purpose).first() or budget_line_set(
        fund=fund, purpose=purpose, amount=Decimal(amount), actor=actor
    )


def _template(root: Org, name: str, criteria: Sequence[CriterionInput], actor: User) -> ScoreSheetTemplate:
    return ScoreSheetTemplate.objects.filter(org=root, name=name).first() or reviews.template_create(
        org=root, name=name, criteria=list(criteria), actor=actor
    )


def _criteria(template_id: int) -> list[Criterion]:
    return list(Criterion.objects.filter(template_id=template_id).order_by("order", "pk"))


def _split(total: int, criteria: list[Criterion]) -> list[Decimal]:
    """`total` points over the criteria in proportion to their maxima (veto items 0), each within its maximum."""
    scored = [c for c in criteria if not c.is_veto]
    full = sum(c.max_points for c in scored) or Decimal(1)
    points: list[Decimal] = []
    left = Decimal(total)
    for criterion in criteria:
        if criterion.is_veto:
            points.append(Decimal(0))
            continue
        last = criterion == scored[-1]
        share = left if last else (Decimal(total) * criterion.max_points / full).quantize(Decimal(1))
        share = min(max(share, Decimal(0)), criterion.max_points)
        points.append(share)
        left -= share
    return points


# ---- 2020年度“焦作标兵”评选 ---------------------------------------------------------------------------------------

MODEL_TITLE = "2020年度“焦作标兵”评选"
MODEL_CRITERIA = (
    "热爱祖国，拥护党的路线方针政策；在教育、科技、文化、卫生、体育系统一线岗位连续工作五年以上，"
    "近三年年度考核均为合格以上且至少一次优秀；业绩突出、群众公认，在本系统有示范带动作用。"
)
MODEL_REWARD = [{"level": "焦作标兵", "amount": "5000"}]
MODEL_QUOTA = {"JFQ": 3, "MCQ": 2, "BAX": 2, "WXX": 2, "SS01": 2, "SS06": 1}
MODEL_SUBQUOTA = {
    "JFQ": ("JFQ01", "JFQ02", "JFQ03"),
    "MCQ": ("MCQ01", "MCQ02"),
    "BAX": ("BAX01",),
    "WXX": ("WXX01",),
}
# (nominating union, job categories to pick from, strength, 主要事迹, outcome at 县区审核)
RETURNED, REJECTED, PASSED = "returned", "rejected", "passed"
MODEL_NOMINEES: tuple[tuple[str, tuple[str, ...], int, str, str], ...] = (
    (
        "SS06",
        (JobCategory.TEACHER,),
        95,
        "扎根职业教育十八年，主持省级精品在线开放课程，指导学生获全国职业院校技能大赛一等奖。",
        PASSED,
    ),
    (
        "JFQ01",
        (JobCategory.TEACHER,),
        91,
        "担任班主任二十年，所带班级三次被评为市级优秀班集体，开展“一对一”帮扶学困生百余人。",
        PASSED,
    ),
    (
        "JFQ02",
        (JobCategory.TEACHER,),
        87,
        "深耕小学数学课堂教学改革，执教的公开课获省优质课一等奖，带出青年骨干教师12名。",
        RETURNED,
    ),
    ("JFQ03", (JobCategory.DOCTOR,), 80, "长期在急诊科一线工作，年均接诊患者四千余人次。", REJECTED),
    (
        "MCQ01",
        (JobCategory.TEACHER,),
        89,
        "坚守乡村学校二十六年，牵头建成全区首个乡村少年宫，带动留守儿童参加课后服务。",
        PASSED,
    ),
    ("MCQ02", (JobCategory.TEACHER,), 78, "主持市级课题两项，所教学科中考成绩连续五年位居全区前列。", PASSED),
    (
        "BAX01",
        (JobCategory.TEACHER,),
        84,
        "创新“导学案”教学模式并在全县推广，获河南省基础教育教学成果二等奖。",
        PASSED,
    ),
    (
        "WXX01",
        (JobCategory.TEACHER,),
        76,
        "带领学校体育组开展“阳光体育”活动，学生体质健康优良率提升二十个百分点。",
        PASSED,
    ),
    (
        "SS01",
        (JobCategory.DOCTOR,),
        93,
        "新冠肺炎疫情期间主动请缨驰援武汉，回焦后牵头组建发热门诊，救治重症患者37例。",
        PASSED,
    ),
)
MODEL_RETURN_REASON = "主要事迹过于简略，请补充近三年年度考核结果和获得的主要荣誉"
MODEL_CORRECTED = "；近三年年度考核均为优秀，2019年获焦作市优秀教师称号。"
MODEL_REJECT_REASON = "近三年年度考核未全部达到合格以上且无一次优秀，不符合推荐条件"
MODEL_JUDGES = ("shi_pingwei", "mzs_pingwei", "qys_pingwei")
MODEL_TEMPLATE = "焦作标兵评审表"
MODEL_TEMPLATE_CRITERIA = (
    CriterionInput(name="思想政治表现", max_points=Decimal(20)),
    CriterionInput(name="工作业绩", max_points=Decimal(50)),
    CriterionInput(name="示范带动作用", max_points=Decimal(30)),
)
MODEL_APPROVED = 6
MODEL_DAYS = {
    "create": dt.date(2020, 4, 1),
    "allocate": dt.date(2020, 4, 3),
    "nominate": dt.date(2020, 4, 20),
    "return": dt.date(2020, 4, 24),
    "correct": dt.date(2020, 4, 28),
    "deadline": dt.date(2020, 5, 15),
    "advance": dt.date(2020, 5, 18),
    "review": dt.date(2020, 5, 19),
    "judge": dt.date(2020, 5, 20),
    "score": dt.date(2020, 5, 22),
    "finalise": dt.date(2020, 5, 25),
    "meeting": dt.date(2020, 5, 28),
    "notice": dt.date(2020, 6, 1),
    "objection": dt.date(2020, 6, 2),
    "answer": dt.date(2020, 6, 4),
    "named": dt.date(2020, 6, 15),
    "paid": dt.date(2020, 6, 20),
    "bank": dt.date(2020, 6, 23),
}
OBJECTION_TEXT = "听说该同志2019年曾因教学事故受到通报批评，是否还符合评选条件？"
OBJECTION_ANSWER = (
    "经向其所在单位和教育主管部门核实，该同志2019年未受到任何通报批评或处分，所反映情况不属实，异议不成立。"
)


def _nominate(
    campaign: HonourCampaign,
    org: Org,
    member: Member,
    runner: User,
    *,
    deeds: str,
    story: str = "",
) -> Nomination:
    actor = _admin_of(org, runner)
    nomination = nomination_create(
        campaign=campaign, nominating_org=org, member=member, actor=actor, deeds=deeds, story=story
    )
    return nomination_submit(nomination=nomination, actor=actor)


def _reviewer_of(nomination: Nomination, campaign: HonourCampaign, runner: User) -> User:
    """The union above the nominating union reviews (the runner for a direct child of the campaign's union)."""
    own = nomination.nominating_org.path
    parent = Org.objects.filter(path=own[: -Org.steplen]).first() if len(own) > Org.steplen else None
    if parent is None or parent.pk == campaign.org_id:
        return runner
    return _admin_of(parent, runner)


def _suballocate(
    campaign: HonourCampaign, orgs: dict[str, Org], subquota: dict[str, tuple[str, ...]], runner: User
) -> None:
    quota_set = campaign.quota_set
    if quota_set is None:
        return
    for county, units in subquota.items():
        parent = allocation_of(quota_set, orgs[county]) if county in orgs else None
        shares = {orgs[code].pk: 1 for code in units if code in orgs}
        if parent is not None and shares:
            quota_allocate(
                quota_set=quota_set, shares=shares, actor=_admin_of(orgs[county], runner), parent=parent
            )


def _model_employee(root: Org, runner: User) -> HonourCampaign:
    days = MODEL_DAYS
    orgs = _orgs([*MODEL_QUOTA, *(code for units in MODEL_SUBQUOTA.values() for code in units)])
    with _on(days["create"]):
        line = _budget_line(root, 2020, "评选表彰奖励", 100000, runner)
        campaign = campaign_create(
            org=root,
            title=MODEL_TITLE,
            year=2020,
            category=CampaignCategory.MODEL_EMPLOYEE,
            nominee_kind=NomineeKind.PERSON,
            nomination_deadline=_aware(days["deadline"], 17),
            actor=runner,
            criteria=MODEL_CRITERIA,
            optional_stages=(Stage.COUNTY_REVIEW, Stage.CITY_REVIEW, Stage.MEETING, Stage.NOTICE),
            reward_levels=MODEL_REWARD,
            budget_line=line,
            quota_total=sum(MODEL_QUOTA.values()),
        )
        campaign = campaign_start(campaign=campaign, actor=runner)
        if campaign.quota_set is not None:
            quota_allocate(
                quota_set=campaign.quota_set,
                shares={orgs[code].pk: n for code, n in MODEL_QUOTA.items() if code in orgs},
                actor=runner,
            )
    with _on(days["allocate"]):
        _suballocate(campaign, orgs, MODEL_SUBQUOTA, runner)
    taken: set[int] = set()
    nominations: list[tuple[Nomination, int, str]] = []
    with _on(days["nominate"], 10):
        for code, categories, strength, deeds, outcome in MODEL_NOMINEES:
            if code not in orgs:
                continue
            phone = DEMO_MEMBER_PHONE if code == "SS06" else ""
            member = _pick(orgs[code], taken, categories, phone=phone)
            if member is None:
                continue
            nominations.append(
                (_nominate(campaign, orgs[code], member, runner, deeds=deeds), strength, outcome)
            )
    for nomination, _strength, outcome in nominations:
        if outcome != RETURNED:
            continue
        with _on(days["return"], 15):
            nomination_return(
                nomination=nomination,
                actor=_reviewer_of(nomination, campaign, runner),
                reason=MODEL_RETURN_REASON,
            )
        with _on(days["correct"], 10):
            actor = _admin_of(nomination.nominating_org, runner)
            nomination = nomination_update(
                nomination=nomination, actor=actor, deeds=nomination.deeds + MODEL_CORRECTED
            )
            nomination_submit(nomination=nomination, actor=actor)
    with _on(days["advance"]):
        campaign = campaign_advance(campaign=campaign, actor=runner)  # → 县区审核
    with _on(days["review"], 10):
        for nomination, _strength, outcome in nominations:
            nomination_review(
                nomination=nomination,
                actor=_reviewer_of(nomination, campaign, runner),
                passed=outcome != REJECTED,
                reason=MODEL_REJECT_REASON if outcome == REJECTED else "",
            )
    with _on(days["judge"], 8):
        campaign = campaign_advance(campaign=campaign, actor=runner)  # → 市级评审
    strengths = {n.pk: strength for n, strength, outcome in nominations if outcome != REJECTED}
    _city_review(campaign, root, runner, strengths)
    with _on(days["finalise"]):
        ranked = city_review_finalise(campaign=campaign, actor=runner)
        campaign = campaign_advance(campaign=campaign, actor=runner)  # → 会议研究
    with _on(days["meeting"], 15):
        meeting_record(
            campaign=campaign,
            held_on=days["meeting"],
            name="市教科文卫体工会2020年第三次主席办公会",
            minutes="会议听取了“焦作标兵”评选市级评审情况汇报，按评审名次研究确定拟命名对象6名，其余推荐对象未入选。",
            decisions={n.pk: (index < MODEL_APPROVED, "") for index, n in enumerate(ranked)},
            actor=runner,
        )
        campaign = campaign_advance(campaign=campaign, actor=runner)  # → 公示
    _publication(campaign, root, runner)
    with _on(days["named"]):
        campaign = campaign_advance(campaign=campaign, actor=runner)  # → 命名
        campaign_name(campaign=campaign, actor=runner, named_on=days["named"])
        campaign.refresh_from_db()
        _certificates(campaign, runner)
        drafter = _user(DRAFTER)
        naming_document_draft(
            campaign=campaign,
            actor=drafter if drafter is not None and can_run_campaign(drafter, campaign) else runner,
        )
    _rewards(campaign, runner)
    return campaign


def _city_review(campaign: HonourCampaign, root: Org, runner: User, strengths: dict[int, int]) -> None:
    with _on(MODEL_DAYS["judge"]):
        template = _template(root, MODEL_TEMPLATE, MODEL_TEMPLATE_CRITERIA, runner)
        review_round = city_review_start(campaign=campaign, template=template, actor=runner)
        for username in MODEL_JUDGES:
            user = _user(username)
            if user is not None:
                reviews.judge_add(review_round=review_round, user=user, actor=runner)
        reviews.round_open(review_round=review_round, actor=runner)
    criteria = _criteria(template.pk)
    entries = {
        n.review_entry_id: strengths.get(n.pk, 80)
        for n in Nomination.objects.filter(campaign=campaign, review_entry__isnull=False)
    }
    with _on(MODEL_DAYS["score"], 14):
        for position, judge in enumerate(
            Judge.objects.filter(round=review_round).select_related("user").order_by("pk")
        ):
            for entry in ReviewEntry.objects.filter(round=review_round).order_by("pk"):
                total = entries.get(entry.pk, 80) + (position % 3) - 1
                points = _split(total, criteria)
                sheet = reviews.sheet_save(
                    judge=judge,
                    entry=entry,
                    scores={c.pk: ScoreInput(p) for c, p in zip(criteria, points, strict=True)},
                    actor=judge.user,
                )
                reviews.sheet_submit(sheet=sheet, actor=judge.user)


def _objector(root: Org, exclude: set[int]) -> User | None:
    member = (
        Member.objects.filter(
            org__path__startswith=root.path, status__in=HOLDING_STATUSES, user__isnull=False
        )
        .exclude(pk__in=exclude)
        .exclude(user__phone__in=[DEMO_MEMBER_PHONE, DEMO_NURSE_PHONE])
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user if member is not None else None


def _publication(campaign: HonourCampaign, root: Org, runner: User) -> None:
    days = MODEL_DAYS
    with _on(days["notice"]):
        notice = campaign_notice_create(campaign=campaign, actor=runner)
        notice = notice_publish(notice=notice, actor=runner)
    nominees = set(Nomination.objects.filter(campaign=campaign).values_list("member_id", flat=True))
    objector = _objector(root, {pk for pk in nominees if pk is not None})
    listed = list(notice.entries.order_by("position"))
    if objector is not None and len(listed) > 1:
        with _on(days["objection"], 20):
            objection = objection_submit(notice=notice, user=objector, entry=listed[1], text=OBJECTION_TEXT)
        with _on(days["answer"], 10):
            objection_answer(
                objection=objection, outcome=ObjectionOutcome.DISMISSED, answer=OBJECTION_ANSWER, actor=runner
            )
    closed_on = (notice.ends_on or days["notice"]) + dt.timedelta(days=1)
    with _on(closed_on, 1):  # the nightly job closes the window that ended yesterday
        notice_close(notice=notice)


def _certificates(campaign: HonourCampaign, runner: User) -> None:
    kind = certificate_kinds.get(CERTIFICATE_KIND)
    for candidate in kind.candidates(campaign) if kind.candidates else []:
        certificate_issue(
            kind=CERTIFICATE_KIND,
            issuer=campaign.org,
            owner=campaign,
            holder=candidate.holder,
            holder_name=candidate.holder_name,
            holder_org=candidate.holder_org,
            title=f"{campaign.year}年度{candidate.data.get('title', '')}",
            awarded_on=campaign.named_on or timezone.localdate(),
            data=candidate.data,
            actor=runner,
        )


def _bank_answer(entries: list[LedgerEntry]) -> bytes:
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        [
            SheetSpec(
                name="代发结果",
                headers=["业务编号", "交易状态", "失败原因"],
                rows=[[entry.idempotency_key, "成功", ""] for entry in entries],
            )
        ],
    )
    return buffer.getvalue()


def _rewards(campaign: HonourCampaign, runner: User) -> None:
    line = campaign.budget_line
    if line is None:
        return
    with _on(MODEL_DAYS["paid"]):
        rewards_pay(campaign=campaign, actor=runner)
        ledger_batch_export(budget_line=line, actor=runner)
    keys = [reward_key(h) for h in campaign_honours(campaign)]
    entries = list(LedgerEntry.objects.filter(idempotency_key__in=keys).order_by("pk"))
    if entries:
        with _on(MODEL_DAYS["bank"], 16):
            ledger_results_import(budget_line=line, data=_bank_answer(entries), actor=runner)


# ---- 最美护士, this year, in its 公示 -------------------------------------------------------------------------


NURSE_CRITERIA = (
    "从事临床护理工作五年以上的在职护士；爱岗敬业、关爱患者，护理技术精湛，在抗击疫情、急危重症救护、"
    "社区健康服务等工作中表现突出，有感人事迹，群众口碑好。"
)
NURSE_QUOTA = {"SS01": 2, "SS02": 1, "JFQ": 1, "SYQ": 1, "WZX": 1}
NURSE_SUBQUOTA: dict[str, tuple[str, ...]] = {"JFQ": ("JFQ03",), "SYQ": ("SYQ03",), "WZX": ("WZX03",)}
# (nominating union, the README nurse?, 主要事迹, 先进事迹)
NURSE_NOMINEES: tuple[tuple[str, bool, str, str], ...] = (
    (
        "SS01",
        True,
        "重症医学科护士长，带领团队开展早期康复护理，科室压力性损伤发生率下降60%。",
        "凌晨三点的重症监护室里，她总是最后一个离开床旁的人。十二年来，她记下了三百多本护理笔记，"
        "把每一位患者的习惯写进交班本：谁怕冷、谁想家、谁需要多说几句话。",
    ),
    (
        "SS01",
        False,
        "急诊科护士，参与院前急救出诊两千余次，多次在急救现场成功实施心肺复苏。",
        "救护车上的她，是患者家属眼里的“定心丸”。一次暴雨夜出诊，她跪在积水中为患者做了二十分钟胸外按压，"
        "直到患者恢复自主心跳。",
    ),
    (
        "SS02",
        False,
        "中医护理骨干，推广艾灸、耳穴压豆等中医护理技术，年服务患者五千人次。",
        "她把中医护理带进社区，每周六义诊，教老人们按摩穴位、调理睡眠，被居民称为“家门口的护理师”。",
    ),
    (
        "JFQ03",
        False,
        "儿科护士，首创“游戏化”静脉穿刺安抚法，患儿哭闹率明显下降。",
        "她的口袋里总装着小贴纸和气球，哄好每一个害怕打针的孩子，是病房里孩子们最喜欢的“护士妈妈”。",
    ),
    (
        "SYQ03",
        False,
        "产科护士，从事助产工作十五年，接生新生儿三千余名，无一例严重并发症。",
        "十五年里她迎接了三千多个新生命，也陪伴了三千多位母亲度过最艰难的时刻。",
    ),
    (
        "WZX03",
        False,
        "乡镇卫生院派驻护士，坚持为辖区失能老人上门护理，建立健康档案八百余份。",
        "她骑着电动车走遍了十二个村，为卧床老人换药、翻身、测血糖，风雨无阻。",
    ),
)
NURSE_APPROVED = 5
NURSE_REWARD = [{"level": "焦作最美护士", "amount": "2000"}]


def _nurse_title(year: int) -> str:
    return f"{year}年度“焦作最美护士”评选"


def _nurses(root: Org, runner: User, today: dt.date) -> HonourCampaign:
    start = today - dt.timedelta(days=45)
    year = start.year
    orgs = _orgs([*NURSE_QUOTA, *(code for units in NURSE_SUBQUOTA.values() for code in units)])
    with _on(start):
        line = _budget_line(root, year, "评选表彰奖励", 60000, runner)
        campaign = campaign_create(
            org=root,
            title=_nurse_title(year),
            year=year,
            category=CampaignCategory.MOST_BEAUTIFUL,
            nominee_kind=NomineeKind.PERSON,
            nomination_deadline=_aware(today - dt.timedelta(days=20), 17),
            actor=runner,
            criteria=NURSE_CRITERIA,
            optional_stages=(Stage.COUNTY_REVIEW, Stage.MEETING, Stage.NOTICE),
            wants_stories=True,
            reward_levels=NURSE_REWARD,
            budget_line=line,
            quota_total=sum(NURSE_QUOTA.values()),
        )
        campaign = campaign_start(campaign=campaign, actor=runner)
        if campaign.quota_set is not None:
            quota_allocate(
                quota_set=campaign.quota_set,
                shares={orgs[code].pk: n for code, n in NURSE_QUOTA.items() if code in orgs},
                actor=runner,
            )
    with _on(start + dt.timedelta(days=1)):
        _suballocate(campaign, orgs, NURSE_SUBQUOTA, runner)
    taken: set[int] = set()
    nominations: list[Nomination] = []
    with _on(today - dt.timedelta(days=35), 10):
        for code, readme_nurse, deeds, story in NURSE_NOMINEES:
            if code not in orgs:
                continue
            phone = DEMO_NURSE_PHONE if readme_nurse else ""
            member = _pick(orgs[code], taken, (JobCategory.NURSE,), phone=phone)
            if member is not None:
                nominations.append(_nominate(campaign, orgs[code], member, runner, deeds=deeds, story=story))
    with _on(today - dt.timedelta(days=19)):
        campaign = campaign_advance(campaign=campaign, actor=runner)  # → 县区审核
    with _on(today - dt.timedelta(days=16), 10):
        for nomination in nominations:
            nomination_review(
                nomination=nomination, actor=_reviewer_of(nomination, campaign, runner), passed=True
            )
    with _on(today - dt.timedelta(days=12)):
        campaign = campaign_advance(campaign=campaign, actor=runner)  # → 会议研究
    readme = {n.pk for n in nominations if n.member is not None and _phone_of(n.member) == DEMO_NURSE_PHONE}
    ordered = sorted(nominations, key=lambda n: (n.pk not in readme, n.pk))
    with _on(today - dt.timedelta(days=8), 15):
        meeting_record(
            campaign=campaign,
            held_on=today - dt.timedelta(days=8),
            name="市教科文卫体工会主席办公会",
            minutes="会议审议了各单位推荐的“焦作最美护士”人选，研究确定拟命名对象5名。",
            decisions={n.pk: (index < NURSE_APPROVED, "") for index, n in enumerate(ordered)},
            actor=runner,
        )
        campaign = campaign_advance(campaign=campaign, actor=runner)  # → 公示
    with _on(today - dt.timedelta(days=2)):
        notice = campaign_notice_create(campaign=campaign, actor=runner)
        notice_publish(notice=notice, actor=runner)
    return campaign


def _phone_of(member: Member) -> str:
    user = member.user
    return (user.phone if user is not None else "") or member.phone or ""


# ---- 劳模/工匠 registry -------------------------------------------------------------------------------------------

# (union, job categories, kind, level, title, year, position)
WORKERS: tuple[tuple[str, tuple[str, ...], str, str, str, int, str], ...] = (
    (
        "SS01",
        (JobCategory.DOCTOR,),
        WorkerKind.MODEL_WORKER,
        WorkerLevel.NATIONAL,
        "全国劳动模范",
        2015,
        "心内科主任",
    ),
    (
        "SS06",
        (JobCategory.TEACHER,),
        WorkerKind.MEDAL,
        WorkerLevel.NATIONAL,
        "全国五一劳动奖章",
        2019,
        "机电工程系主任",
    ),
    (
        "SS01",
        (JobCategory.NURSE,),
        WorkerKind.MODEL_WORKER,
        WorkerLevel.PROVINCIAL,
        "河南省劳动模范",
        2020,
        "护理部主任",
    ),
    (
        "SS02",
        (JobCategory.DOCTOR,),
        WorkerKind.MODEL_WORKER,
        WorkerLevel.PROVINCIAL,
        "河南省劳动模范",
        2016,
        "针灸科主任",
    ),
    (
        "SS06",
        (JobCategory.TEACHER,),
        WorkerKind.CRAFTSMAN,
        WorkerLevel.PROVINCIAL,
        "中原大工匠",
        2021,
        "数控实训中心主任",
    ),
    (
        "SS05",
        (JobCategory.TEACHER,),
        WorkerKind.MEDAL,
        WorkerLevel.PROVINCIAL,
        "河南省五一劳动奖章",
        2018,
        "物理教研组长",
    ),
    (
        "JFQ03",
        (JobCategory.DOCTOR,),
        WorkerKind.MODEL_WORKER,
        WorkerLevel.PROVINCIAL,
        "河南省先进工作者",
        2020,
        "呼吸科主任",
    ),
    (
        "SS03",
        (JobCategory.DOCTOR,),
        WorkerKind.MEDAL,
        WorkerLevel.PROVINCIAL,
        "河南省五一劳动奖章",
        2022,
        "产科主任",
    ),
    ("SS01", (JobCategory.DOCTOR,), WorkerKind.CRAFTSMAN, WorkerLevel.CITY, "焦作工匠", 2022, "普外科副主任"),
    (
        "SS04",
        (JobCategory.OTHER_PRO,),
        WorkerKind.MODEL_WORKER,
        WorkerLevel.CITY,
        "焦作市劳动模范",
        2018,
        "检验科科长",
    ),
    ("SS07", (), WorkerKind.MODEL_WORKER, WorkerLevel.CITY, "焦作市劳动模范", 2018, "古籍修复师"),
    (
        "SS08",
        (JobCategory.SPORTS,),
        WorkerKind.MEDAL,
        WorkerLevel.CITY,
        "焦作市五一劳动奖章",
        2019,
        "田径教练",
    ),
    (
        "SS09",
        (JobCategory.ARTS,),
        WorkerKind.MODEL_WORKER,
        WorkerLevel.CITY,
        "焦作市劳动模范",
        2023,
        "豫剧演员",
    ),
    (
        "JFQ01",
        (JobCategory.TEACHER,),
        WorkerKind.MODEL_WORKER,
        WorkerLevel.CITY,
        "焦作市劳动模范",
        2018,
        "语文教师",
    ),
    ("MCQ01", (JobCategory.TEACHER,), WorkerKind.MEDAL, WorkerLevel.CITY, "焦作市五一劳动奖章", 2021, "校长"),
    (
        "BAX04",
        (JobCategory.TEACHER,),
        WorkerKind.CRAFTSMAN,
        WorkerLevel.CITY,
        "焦作工匠",
        2023,
        "汽修专业教师",
    ),
    (
        "WXX04",
        (JobCategory.TEACHER,),
        WorkerKind.CRAFTSMAN,
        WorkerLevel.CITY,
        "焦作工匠",
        2024,
        "烹饪专业教师",
    ),
    (
        "SYQ03",
        (JobCategory.NURSE,),
        WorkerKind.MEDAL,
        WorkerLevel.CITY,
        "焦作市五一劳动奖章",
        2020,
        "感染科护士长",
    ),
    (
        "WZX03",
        (JobCategory.DOCTOR,),
        WorkerKind.MODEL_WORKER,
        WorkerLevel.CITY,
        "焦作市劳动模范",
        2023,
        "乡村医生",
    ),
    (
        "XWX01",
        (JobCategory.TEACHER,),
        WorkerKind.MODEL_WORKER,
        WorkerLevel.CITY,
        "焦作市劳动模范",
        2015,
        "数学教师",
    ),
)
# the 六大行动, one per worker (index into WORKERS): (kind, title, place, started, ended, partners, results, people)
ACTIONS: tuple[tuple[int, str, str, str, dt.date, dt.date | None, str, str, int], ...] = (
    (
        0,
        PovertyActionKind.TECHNOLOGY,
        "心血管病义诊与乡村医生带教",
        "修武县西村乡",
        dt.date(2019, 3, 1),
        dt.date(2020, 11, 30),
        "修武县卫健委",
        "带教乡村医生16名，义诊2300人次",
        2300,
    ),
    (
        1,
        PovertyActionKind.INTELLECT,
        "“送教下乡”职业技能培训",
        "博爱县寨豁乡",
        dt.date(2019, 6, 1),
        dt.date(2020, 10, 31),
        "博爱县人社局",
        "培训电工、焊工学员180人，120人取得职业资格证书",
        180,
    ),
    (
        3,
        PovertyActionKind.INDUSTRY,
        "中药材种植技术帮扶",
        "武陟县大封镇",
        dt.date(2019, 4, 1),
        dt.date(2020, 9, 30),
        "武陟县大封镇怀药合作社",
        "指导种植怀山药300亩，户均增收4200元",
        96,
    ),
    (
        4,
        PovertyActionKind.PROJECT,
        "光伏电站运维项目",
        "沁阳市西万镇",
        dt.date(2019, 9, 1),
        dt.date(2020, 12, 31),
        "沁阳市扶贫办",
        "建成村级光伏电站1座，村集体年增收8万元",
        420,
    ),
    (
        9,
        PovertyActionKind.EMPLOYMENT,
        "检验检测岗位定向招聘",
        "孟州市槐树乡",
        dt.date(2020, 3, 1),
        dt.date(2020, 8, 31),
        "孟州市人社局",
        "帮助建档立卡户子女就业22人",
        22,
    ),
    (
        13,
        PovertyActionKind.PAIRING,
        "“一对一”结对帮扶困难学生",
        "解放区王褚乡",
        dt.date(2018, 9, 1),
        None,
        "解放区教育局",
        "结对帮扶困难学生15名，全部完成学业",
        15,
    ),
)
COLLECTIVE = (
    "焦作市人民医院护理部",
    "“健康暖心”先进集体专项行动",
    "马村区安阳城街道",
    dt.date(2020, 5, 1),
    dt.date(2020, 12, 31),
    "马村区卫健委",
    "开展慢病随访和健康宣教48场，为贫困户建立家庭护理档案310份",
    310,
)
CARE_DAY = dt.date(2025, 9, 18)
CONDOLENCE = Decimal("2000")
VISITS: tuple[tuple[int, str, str, str, str], ...] = (
    (
        0,
        VisitOccasion.FESTIVAL,
        "市教科文卫体工会主席、副主席",
        "春节前走访慰问，了解工作和生活情况",
        "慰问品一份",
    ),
    (
        10,
        VisitOccasion.ILLNESS,
        "市教科文卫体工会副主席、焦作市图书馆工会主席",
        "住院探望，转达组织关怀",
        "鲜花、慰问金",
    ),
    (19, VisitOccasion.RETIREMENT, "修武县教科文卫体工会主席", "退休座谈，听取意见建议", ""),
)


def _workers(root: Org, runner: User, today: dt.date) -> list[ModelWorker]:
    orgs = _orgs([code for code, *_rest in WORKERS])
    taken: set[int] = set(Nomination.objects.filter(member__isnull=False).values_list("member_id", flat=True))
    taken.update(
        Member.objects.filter(Q(user__phone__in=[DEMO_MEMBER_PHONE, DEMO_NURSE_PHONE])).values_list(
            "pk", flat=True
        )
    )
    workers: list[ModelWorker] = []
    with _on(dt.date(2025, 3, 10)):
        for code, categories, kind, level, title, year, position in WORKERS:
            if code not in orgs:
                continue
            member = _pick(orgs[code], taken, categories)
            if member is None:
                continue
            workers.append(
                worker_create(
                    org=orgs[code],
                    actor=runner,
                    member=member,
                    kind=kind,
                    level=level,
                    title=title,
                    year=year,
                    position=position,
                )
            )
    if not workers:
        return workers
    care_line = _budget_line(root, CARE_DAY.year, "劳模关爱", 50000, runner)
    with _on(CARE_DAY):
        for worker in workers[:8]:
            care_record(
                worker=worker,
                kind=CareKind.HEALTH_CHECK,
                happened_on=CARE_DAY,
                content="2025年度劳模健康体检（焦作市人民医院体检中心）",
                actor=runner,
            )
        care_record(
            worker=workers[min(10, len(workers) - 1)],
            kind=CareKind.CONDOLENCE,
            happened_on=CARE_DAY,
            content="患病住院，发放劳模慰问金",
            amount=CONDOLENCE,
            budget_line=care_line,
            actor=runner,
        )
    for index, occasion, visitors, content, gifts in VISITS:
        if index < len(workers):
            with _on(dt.date(2025, 1, 20) + dt.timedelta(days=index)):
                worker_visit_record(
                    worker=workers[index],
                    actor=runner,
                    visited_on=timezone.localdate(),
                    occasion=occasion,
                    visitors=visitors,
                    content=content,
                    gifts=gifts,
                )
    with _on(dt.date(2021, 2, 25)):  # recorded at the 脱贫攻坚 summing-up
        for index, kind, title, place, started, ended, partners, results, people in ACTIONS:
            if index < len(workers):
                poverty_action_record(
                    org=workers[index].org,
                    actor=runner,
                    worker=workers[index],
                    kind=kind,
                    title=title,
                    place=place,
                    started_on=started,
                    ended_on=ended,
                    partners=partners,
                    results=results,
                    beneficiaries=people,
                )
        name, title, place, started, ended, partners, results, people = COLLECTIVE
        poverty_action_record(
            org=root,
            actor=runner,
            collective_name=name,
            kind=PovertyActionKind.COLLECTIVE,
            title=title,
            place=place,
            started_on=started,
            ended_on=ended,
            partners=partners,
            results=results,
            beneficiaries=people,
        )
    return workers


# ---- 创新工作室 ---------------------------------------------------------------------------------------------------

STUDIO_CRITERIA = (
    "由劳动模范或工匠人才领办，有固定场所和5人以上团队，近三年取得技术革新、发明专利或培养骨干人才等"
    "创新成果，具有示范带动作用。"
)
# (union, leader's WORKERS index, name, field, site, team, plan, goals)
STUDIOS: dict[str, tuple[str, int, str, str, str, tuple[tuple[str, str], ...], str, str]] = {
    "reconfirmed": (
        "SS06",
        4,
        "数控技术技能大师创新工作室",
        "数控加工",
        "焦作职业技术学院实训楼三层",
        (
            ("王建设", "骨干教师"),
            ("李红", "骨干教师"),
            ("赵磊", "实训教师"),
            ("孙洋", "实训教师"),
            ("周波", "企业导师"),
        ),
        "围绕数控加工工艺优化和技能人才培养，开展校企合作技术攻关。",
        "三年内完成技术革新10项，申请专利5项，培养技师20名。",
    ),
    "delisted": (
        "SS01",
        8,
        "微创外科技术创新工作室",
        "微创外科",
        "焦作市人民医院外科楼五层",
        (
            ("陈峰", "主治医师"),
            ("刘洁", "主治医师"),
            ("马超", "住院医师"),
            ("黄丽", "护士"),
            ("吴刚", "住院医师"),
        ),
        "开展腹腔镜微创手术技术创新和基层推广。",
        "三年内推广新技术5项，培训基层医生50名。",
    ),
    "new": (
        "SS02",
        3,
        "中医针灸传承创新工作室",
        "中医针灸",
        "焦作市中医院针灸康复楼二层",
        (
            ("郑芳", "副主任医师"),
            ("冯伟", "主治医师"),
            ("何静", "主治医师"),
            ("许晨", "康复治疗师"),
            ("邓敏", "护士"),
        ),
        "传承焦作地区针灸流派技法，开展针灸治疗颈腰椎病的临床研究。",
        "三年内整理流派技法专著1部，开展临床研究3项，培养传承人10名。",
    ),
}
OLD_STUDIO_YEAR = 2023
STUDIO_DAYS = {
    "create": dt.date(2023, 3, 1),
    "apply": dt.date(2023, 3, 20),
    "deadline": dt.date(2023, 4, 15),
    "advance": dt.date(2023, 4, 17),
    "meeting": dt.date(2023, 5, 10),
    "named": dt.date(2023, 5, 20),
    "paid": dt.date(2023, 6, 5),
}
STUDIO_TITLE = "{year}年度焦作市示范性劳模和工匠人才创新工作室评选"


def _studio_campaign(
    root: Org,
    runner: User,
    workers: list[ModelWorker],
    keys: Sequence[str],
    *,
    year: int,
    days: dict[str, dt.date],
) -> dict[str, InnovationStudio]:
    with _on(days["create"]):
        campaign = campaign_create(
            org=root,
            title=STUDIO_TITLE.format(year=year),
            year=year,
            category=CampaignCategory.STUDIO,
            nominee_kind=NomineeKind.STUDIO,
            nomination_deadline=_aware(days["deadline"], 17),
            actor=runner,
            criteria=STUDIO_CRITERIA,
            optional_stages=(Stage.MEETING,),
        )
        campaign = campaign_start(campaign=campaign, actor=runner)
    orgs = _orgs([STUDIOS[key][0] for key in keys])
    studios: dict[str, InnovationStudio] = {}
    with _on(days["apply"], 10):
        for key in keys:
            code, leader, name, field, site, team, plan, goals = STUDIOS[key]
            if code not in orgs or leader >= len(workers):
                continue
            actor = _admin_of(orgs[code], runner)
            studios[key] = studio_apply(
                org=orgs[code],
                leader=workers[leader],
                name=name,
                field=field,
                site=site,
                team=[{"name": n, "role": r} for n, r in team],
                plan=plan,
                goals=goals,
                campaign=campaign,
                actor=actor,
            )
            nomination = Nomination.objects.get(campaign=campaign, studio=studios[key])
            nomination_submit(nomination=nomination, actor=actor)
    if not studios:
        return studios
    with _on(days["advance"]):
        campaign = campaign_advance(campaign=campaign, actor=runner)  # → 会议研究
    with _on(days["meeting"], 15):
        meeting_record(
            campaign=campaign,
            held_on=days["meeting"],
            name="市教科文卫体工会主席办公会",
            minutes="会议研究了各单位申报的创新工作室，同意命名为焦作市示范性劳模和工匠人才创新工作室。",
            decisions={
                n.pk: (True, "")
                for n in Nomination.objects.filter(campaign=campaign, status=NominationStatus.SUBMITTED)
            },
            actor=runner,
        )
        campaign = campaign_advance(campaign=campaign, actor=runner)  # → 命名
    with _on(days["named"]):
        campaign_name(campaign=campaign, actor=runner, named_on=days["named"])
    line = _budget_line(root, days["paid"].year, "创新工作室经费", 300000, runner)
    with _on(days["paid"]):
        for studio in studios.values():
            tranche_pay(
                studio=studio, kind=TrancheKind.NEW, year=days["named"].year, budget_line=line, actor=runner
            )
    for studio in studios.values():
        studio.refresh_from_db()
    return studios


OUTPUTS = {  # (year, projects, patents, papers, benefit, apprentices, summary)
    "reconfirmed": (
        (2023, 3, 1, 2, 260000, 6, "完成数控刀具寿命优化等技术革新3项，获实用新型专利1项。"),
        (2024, 4, 2, 3, 420000, 8, "与焦作企业合作完成夹具改造4项，指导学生获省技能大赛一等奖。"),
        (2025, 5, 2, 2, 580000, 7, "牵头制定数控加工实训标准，培养技师7名。"),
    ),
    "delisted": (
        (2023, 1, 0, 1, 50000, 3, "开展腹腔镜技术推广培训2期。"),
        (2024, 0, 0, 0, 0, 0, "本年度未取得新的创新成果。"),
    ),
}


def _studios(
    root: Org, runner: User, workers: list[ModelWorker], today: dt.date
) -> dict[str, InnovationStudio]:
    studios = _studio_campaign(
        root, runner, workers, ("reconfirmed", "delisted"), year=OLD_STUDIO_YEAR, days=STUDIO_DAYS
    )
    for key, rows in OUTPUTS.items():
        if key not in studios:
            continue
        for year, projects, patents, papers, benefit, apprentices, summary in rows:
            with _on(dt.date(year, 12, 5)):
                output_record(
                    studio=studios[key],
                    year=year,
                    projects=projects,
                    patents=patents,
                    papers=papers,
                    benefit_yuan=Decimal(benefit),
                    apprentices=apprentices,
                    summary=summary,
                    actor=_admin_of(studios[key].org, runner),
                )
    if "reconfirmed" in studios:
        with _on(dt.date(2025, 12, 10)):
            assessment = assessment_create(
                studio=studios["reconfirmed"],
                year=2025,
                kind=AssessmentKind.ACCEPTANCE,
                template=None,
                actor=runner,
            )
            assessment_decide(
                assessment=assessment,
                result=AssessmentResult.RECONFIRM,
                comments="三年建设目标全面完成，技术革新和人才培养成效显著，同意复核确认。",
                score=Decimal("92.5"),
                actor=runner,
            )
        line = _budget_line(root, 2025, "创新工作室经费", 200000, runner)
        with _on(dt.date(2025, 12, 20)):
            tranche_pay(
                studio=studios["reconfirmed"],
                kind=TrancheKind.RECONFIRMED,
                year=2025,
                budget_line=line,
                actor=runner,
            )
    if "delisted" in studios:
        with _on(dt.date(2024, 12, 16)):
            assessment = assessment_create(
                studio=studios["delisted"], year=2024, kind=AssessmentKind.ANNUAL, template=None, actor=runner
            )
            assessment_decide(
                assessment=assessment,
                result=AssessmentResult.RECTIFY,
                comments="本年度无新的创新项目和成果，团队活动不正常，限期整改。",
                rectify_by=dt.date(2025, 6, 30),
                score=Decimal("52"),
                actor=runner,
            )
        with _on(dt.date(2025, 7, 15)):
            studio_delist(
                studio=studios["delisted"],
                reason="整改期满仍未取得新的创新成果，领办人调离，工作室停止运行",
                actor=runner,
            )
    start = today - dt.timedelta(days=120)
    new_days = {
        "create": start,
        "apply": start + dt.timedelta(days=10),
        "deadline": start + dt.timedelta(days=30),
        "advance": start + dt.timedelta(days=31),
        "meeting": start + dt.timedelta(days=45),
        "named": start + dt.timedelta(days=55),
        "paid": start + dt.timedelta(days=70),
    }
    studios.update(_studio_campaign(root, runner, workers, ("new",), year=start.year, days=new_days))
    return studios


# ---- 建家考评 ------------------------------------------------------------------------------------------------------

HOME_COUNTY = "JFQ"
HOME_UNITS = ("JFQ01", "JFQ02", "JFQ03", "JFQ04", "JFQ05")
HOME_ASSESSORS = ("jfq_ganshi", "jfq_shenhe", "jfq_pingwei", "jfq_admin")
# (self total, assessor total) per unit
HOME_POINTS = ((92, 88), (86, 84), (90, 79), (78, 75), (83, 82))


def _home_title(year: int) -> str:
    return f"{year}年度解放区“模范职工之家”建家考评"


def _homes(runner: User, today: dt.date) -> HomeAssessment | None:
    orgs = _orgs([HOME_COUNTY, *HOME_UNITS])
    county = orgs.get(HOME_COUNTY)
    if county is None:
        return None
    actor = _admin_of(county, runner)
    start = today - dt.timedelta(days=100)
    with _on(start):
        assessment = home_assessment_create(
            org=county,
            title=_home_title(start.year),
            year=start.year,
            template=None,
            self_check_deadline=start + dt.timedelta(days=30),
            actor=actor,
        )
        allowed = assessor_candidate_ids(assessment)
        assessors = [
            u for u in (_user(name) for name in HOME_ASSESSORS) if u is not None and u.pk in allowed
        ][:2]
        home_assessors_add(assessment=assessment, users=assessors, actor=actor)
        home_units_add(
            assessment=assessment, orgs=[orgs[code] for code in HOME_UNITS if code in orgs], actor=actor
        )
        home_assessment_open(assessment=assessment, actor=actor)
    review_round = assessment.review_round
    if review_round is None:
        return assessment
    criteria = _criteria(review_round.template_id)
    entries = list(
        ReviewEntry.objects.filter(round=review_round)
        .select_related("entrant_org")
        .order_by("entrant_org__path")
    )
    with _on(start + dt.timedelta(days=20), 10):
        for entry, (own, _assessed) in zip(entries, HOME_POINTS, strict=False):
            unit_actor = _admin_of(entry.entrant_org, actor)
            sheet = reviews.self_sheet_save(
                entry=entry,
                actor=unit_actor,
                scores={c.pk: (p, "") for c, p in zip(criteria, _split(own, criteria), strict=True)},
            )
            reviews.self_sheet_submit(sheet=sheet, actor=unit_actor)
    with _on(start + dt.timedelta(days=40), 10):
        for position, judge in enumerate(
            Judge.objects.filter(round=review_round).select_related("user").order_by("pk")
        ):
            for entry, (_own, assessed) in zip(entries, HOME_POINTS, strict=False):
                total = assessed + (1 if position % 2 else -1)
                sheet = reviews.sheet_save(
                    judge=judge,
                    entry=entry,
                    scores={
                        c.pk: ScoreInput(p) for c, p in zip(criteria, _split(total, criteria), strict=True)
                    },
                    actor=judge.user,
                )
                reviews.sheet_submit(sheet=sheet, actor=judge.user)
    with _on(start + dt.timedelta(days=50)):
        assessment = home_assessment_close(assessment=assessment, actor=actor)
    return assessment


# ---- honours recorded by hand ------------------------------------------------------------------------------------

# (WORKERS index or -1 for the demo member, title, level, year, awarded_by, awarded_on, story)
OLD_HONOURS: tuple[tuple[int, str, str, int, str, dt.date, str], ...] = (
    (
        0,
        "全国劳动模范",
        HonourLevel.NATIONAL,
        2015,
        "中共中央、国务院",
        dt.date(2015, 4, 28),
        "长期坚守心血管内科临床一线，开展胸痛中心建设。",
    ),
    (
        1,
        "全国五一劳动奖章",
        HonourLevel.NATIONAL,
        2019,
        "中华全国总工会",
        dt.date(2019, 4, 26),
        "扎根职业教育，培养数控技能人才千余名。",
    ),
    (3, "河南省劳动模范", HonourLevel.PROVINCIAL, 2016, "河南省人民政府", dt.date(2016, 4, 27), ""),
    (
        -1,
        "河南省优秀教师",
        HonourLevel.PROVINCIAL,
        2017,
        "河南省教育厅、河南省人力资源和社会保障厅",
        dt.date(2017, 9, 8),
        "",
    ),
    (-1, "焦作市师德标兵", HonourLevel.CITY, 2014, "焦作市教育局", dt.date(2014, 9, 9), ""),
)
# (union, title, level, year, awarded_by, awarded_on)
ORG_HONOURS: tuple[tuple[str, str, str, int, str, dt.date], ...] = (
    ("SS06", "河南省模范职工之家", HonourLevel.PROVINCIAL, 2019, "河南省总工会", dt.date(2019, 12, 20)),
    ("SS01", "全国五一巾帼标兵岗", HonourLevel.NATIONAL, 2017, "中华全国总工会", dt.date(2017, 3, 6)),
    ("JFQ01", "焦作市模范职工小家", HonourLevel.CITY, 2021, "焦作市总工会", dt.date(2021, 12, 28)),
)


def _old_honours(runner: User, workers: list[ModelWorker]) -> int:
    made = 0
    demo = Member.objects.filter(user__phone=DEMO_MEMBER_PHONE).select_related("org").first()
    for index, title, level, year, awarded_by, awarded_on, story in OLD_HONOURS:
        member = demo if index < 0 else (workers[index].member if index < len(workers) else None)
        if member is None:
            continue
        with _on(dt.date(2025, 3, 12)):
            honour_record(
                org=member.org,
                actor=runner,
                member=member,
                title=title,
                level=level,
                year=year,
                awarded_by=awarded_by,
                awarded_on=awarded_on,
                story=story,
            )
        made += 1
    orgs = _orgs([code for code, *_rest in ORG_HONOURS])
    for code, title, level, year, awarded_by, awarded_on in ORG_HONOURS:
        if code not in orgs:
            continue
        with _on(dt.date(2025, 3, 12)):
            honour_record(
                org=orgs[code],
                actor=runner,
                holder_org=orgs[code],
                title=title,
                level=level,
                year=year,
                awarded_by=awarded_by,
                awarded_on=awarded_on,
            )
        made += 1
    return made


# ---- the seeder -------------------------------------------------------------------------------------------------


@transaction.atomic
def seed_honours() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    runner = _user(RUNNER) or _user("admin")
    if root is None or runner is None:
        return "没有市级工会或管理员，跳过评选表彰"
    if not Member.objects.filter(org__path__startswith=root.path).exists():
        return "没有会员，跳过评选表彰"
    today = timezone.localdate()
    made: list[str] = []
    model = HonourCampaign.objects.filter(org=root, title=MODEL_TITLE).first()
    if model is None:
        model = _model_employee(root, runner)
        made.append("焦作标兵")
    nurse = HonourCampaign.objects.filter(org=root, category=CampaignCategory.MOST_BEAUTIFUL).first()
    if nurse is None:
        nurse = _nurses(root, runner, today)
        made.append("最美护士")
    workers = list(ModelWorker.objects.filter(org__path__startswith=root.path).order_by("pk"))
    if not workers:
        workers = _workers(root, runner, today)
        made.append("劳模工匠")
    if not InnovationStudio.objects.filter(org__path__startswith=root.path).exists():
        _studios(root, runner, workers, today)
        made.append("创新工作室")
    if not HomeAssessment.objects.filter(org__code=HOME_COUNTY).exists():
        _homes(runner, today)
        made.append("建家考评")
    if not Honour.objects.filter(campaign__isnull=True, org__path__startswith=root.path).exists():
        _old_honours(runner, workers)
        made.append("荣誉档案")
    named = campaign_honours(model).count()
    notice = campaign_notices(nurse).first()
    return (
        f"评选 {HonourCampaign.objects.filter(org=root).count()} 项（{MODEL_TITLE}命名 {named} 名、奖励已发放；"
        f"{nurse.title}{'公示中' if notice is not None else '进行中'}），"
        f"劳模工匠 {ModelWorker.objects.filter(org__path__startswith=root.path).count()} 名，"
        f"创新工作室 {InnovationStudio.objects.filter(org__path__startswith=root.path).count()} 个，"
        f"荣誉 {Honour.objects.filter(org__path__startswith=root.path).count()} 项；"
        + (f"本次新建：{'、'.join(made)}" if made else "本次无新增")
    )
