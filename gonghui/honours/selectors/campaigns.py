"""Reads of campaigns: the list a user sees (search, year, category, status; `HonourCampaign.visible_q`: the
user's subtrees, and the campaigns of the unions above once they are not drafts), the campaigns open for the
user's unions to nominate to, one campaign (404 outside the user's view, 403 without `demand`), the unions and
budget lines a runner may choose, and the hub's figures: nominations per status, stage progress and the reasons
the campaign cannot move on (`stage_blockers`)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.actors import Actor, Visitor
from gonghui.accounts.scoping import above_q
from gonghui.ledger.models import BudgetLine
from gonghui.ledger.selectors import funds_visible_to
from gonghui.notices.choices import NoticeStatus
from gonghui.notices.models import Notice
from gonghui.orgs.models import Org

from ..choices import STAGE_ORDER, CampaignStatus, NominationStatus, Stage
from ..models import HonourCampaign, Nomination
from ..permissions import MANAGE, VIEW

LISTED_NAMES = 10


@dataclass(frozen=True)
class CampaignFilters:
    query: str = ""
    year: int | None = None
    category: str = ""
    status: str = ""


def campaigns_for_user(user: Visitor, filters: CampaignFilters | None = None) -> QuerySet[HonourCampaign]:
    filters = filters or CampaignFilters()
    campaigns = HonourCampaign.objects.visible_to(user, VIEW).select_related("org")
    if filters.query:
        campaigns = campaigns.filter(
            Q(title__icontains=filters.query) | Q(org__name__icontains=filters.query)
        )
    if filters.year:
        campaigns = campaigns.filter(year=filters.year)
    if filters.category:
        campaigns = campaigns.filter(category=filters.category)
    if filters.status:
        campaigns = campaigns.filter(status=filters.status)
    return campaigns.order_by("-year", "-created_at", "-pk")


def campaign_years_for_user(user: Visitor) -> list[int]:
    """The years of the campaigns the user sees, newest first (the list's year filter)."""
    years = HonourCampaign.objects.visible_to(user, VIEW).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def campaigns_open_to_nominate(user: Visitor) -> QuerySet[HonourCampaign]:
    """Running campaigns at 基层推荐 before their deadline, run by a union above one the user manages (the
    city's 焦作标兵 for a school union's admin): the ones the user's unions may nominate to."""
    return (
        HonourCampaign.objects.visible_to(user, VIEW)
        .filter(
            above_q(user, MANAGE, path_field="org__path"),
            status=CampaignStatus.RUNNING,
            stage=Stage.NOMINATE,
            nomination_deadline__gt=timezone.now(),
        )
        .select_related("org")
        .order_by("nomination_deadline", "pk")
    )


def campaign_for_user_or_404(user: Visitor, pk: int, *, demand: str | None = None) -> HonourCampaign:
    """One campaign the user sees (else 404); with `demand`, the user must hold it on the campaign's union (else
    403) — `honours.manage` there runs the campaign."""
    return HonourCampaign.objects.select_related(
        "org", "created_by", "quota_set", "budget_line__fund"
    ).get_visible_or_404(user, VIEW, demand=demand, pk=pk)


def orgs_managed_by(user: Visitor) -> QuerySet[Org]:
    """The active unions where the user may run a campaign (主办工会 choices)."""
    return Org.objects.visible_to(user, MANAGE).filter(status="active").order_by("path")


def budget_line_choices(user: Actor, orgs: QuerySet[Org] | None = None) -> list[tuple[int, str]]:
    """The budget lines the user reads (ledger's `funds_visible_to`) of the given unions (default: those the user
    manages), as (pk, "工会 · 经费 · 用途") for the 奖励经费 choice."""
    org_ids = set((orgs if orgs is not None else orgs_managed_by(user)).values_list("pk", flat=True))
    choices = []
    for fund in funds_visible_to(user):
        if fund.org_id not in org_ids:
            continue
        for line in fund.lines.all():
            choices.append((line.pk, f"{fund.org.name} · {line}"))
    return choices


def budget_lines_by_pk(pks: list[int]) -> QuerySet[BudgetLine]:
    """The budget lines among `pks` (already the user's choices, from `budget_line_choices`)."""
    return BudgetLine.objects.filter(pk__in=pks).select_related("fund__org")


# ---- the hub ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def campaign_counts(campaign: HonourCampaign) -> list[StatusCount]:
    """The campaign's nominations per status, in the statuses' order, the statuses with none left out."""
    counted = dict(
        Nomination.objects.filter(campaign=campaign)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        StatusCount(status=str(value), label=str(label), count=counted[value])
        for value, label in NominationStatus.choices
        if counted.get(value)
    ]


@dataclass(frozen=True)
class StageStep:
    stage: str
    label: str
    state: str  # "done", "current" or "todo"


def stage_progress(campaign: HonourCampaign) -> list[StageStep]:
    """Each configured stage with its state: done, current (while running) or todo; all done once named."""
    stages = [stage for stage in STAGE_ORDER if stage in (campaign.stages or [])]
    steps = []
    reached = False
    for stage in stages:
        if campaign.status == CampaignStatus.NAMED:
            state = "done"
        elif campaign.status != CampaignStatus.RUNNING:
            state = "todo"
        elif stage == campaign.stage:
            state, reached = "current", True
        else:
            state = "todo" if reached else "done"
        steps.append(StageStep(stage=stage, label=str(Stage(stage).label), state=state))
    return steps


def _names(nominations: QuerySet[Nomination]) -> str:
    rows = list(nominations.select_related("nominating_org").order_by("nominating_org__path", "pk"))
    names = [f"{row.nominating_org.name}·{row.nominee_name}（{row.get_status_display()}）" for row in rows]
    if len(names) > LISTED_NAMES:
        return "、".join(names[:LISTED_NAMES]) + f" 等 {len(names)} 条"
    return "、".join(names)


def campaign_notices(campaign: HonourCampaign) -> QuerySet[Notice]:
    """The 公示 owned by the campaign that are not cancelled, newest first."""
    owner_type = ContentType.objects.get_for_model(HonourCampaign)
    return (
        Notice.objects.filter(owner_type=owner_type, owner_id=campaign.pk)
        .exclude(status=NoticeStatus.CANCELLED)
        .order_by("-created_at", "-pk")
    )


def stage_blockers(campaign: HonourCampaign, *, close_early: bool = False) -> list[str]:
    """Why the running campaign cannot move from its stage to the next, one Chinese sentence each ([]: it may).
    基层推荐: the deadline has passed (or `close_early`), at least one nomination is submitted and none is left
    in 草稿/退回修改 (the nominating unions submit or withdraw them); 县区审核: none still 已推荐 or 退回修改;
    市级评审: the review round exists and every 审核通过 nomination has its score; 会议研究: the meeting is
    recorded and every 审核通过 nomination decided; 公示: the campaign's 公示 has closed; 命名 ends by naming."""
    if campaign.status != CampaignStatus.RUNNING:
        return [f"评选{campaign.get_status_display()}，不在进行中"]
    nominations = Nomination.objects.filter(campaign=campaign)
    blockers: list[str] = []
    stage = campaign.stage
    if stage == Stage.NOMINATE:
        if campaign.nomination_deadline > timezone.now() and not close_early:
            deadline = timezone.localtime(campaign.nomination_deadline)
            blockers.append(
                f"推荐截止时间（{deadline:%Y-%m-%d %H:%M}）未到；如需提前结束推荐，请勾选“提前结束推荐”"
            )
        unsubmitted = nominations.filter(status__in=(NominationStatus.DRAFT, NominationStatus.RETURNED))
        if unsubmitted.exists():
            blockers.append(f"以下推荐尚未提交，请推荐单位提交或撤回：{_names(unsubmitted)}")
        if (
            not nominations.filter(status__in=(NominationStatus.SUBMITTED, NominationStatus.PASSED)).exists()
            and not unsubmitted.exists()
        ):
            blockers.append("还没有已提交的推荐")
    elif stage == Stage.COUNTY_REVIEW:
        pending = nominations.filter(status__in=(NominationStatus.SUBMITTED, NominationStatus.RETURNED))
        if pending.exists():
            blockers.append(f"还有 {pending.count()} 条推荐未完成县区审核（通过或不通过）：{_names(pending)}")
    elif stage == Stage.CITY_REVIEW:
        if campaign.review_round_id is None:
            blockers.append("尚未开始市级评审")
        unscored = nominations.filter(status=NominationStatus.PASSED, score__isnull=True)
        if unscored.exists():
            blockers.append(f"还有 {unscored.count()} 条推荐没有评审结果，请先确认市级评审结果")
    elif stage == Stage.MEETING:
        if campaign.meeting_held_on is None:
            blockers.append("尚未记录会议研究结果（会议日期）")
        undecided = nominations.filter(status=NominationStatus.PASSED)
        if undecided.exists():
            blockers.append(f"还有 {undecided.count()} 条推荐未经会议研究决定")
    elif stage == Stage.NOTICE:
        notice = campaign_notices(campaign).first()
        if notice is None:
            blockers.append("尚未发布公示")
        elif notice.status != NoticeStatus.CLOSED:
            blockers.append(f"公示「{notice.title}」尚未结束（{notice.get_status_display()}）")
    elif stage == Stage.NAME:
        blockers.append("命名阶段由“命名”页面完成命名后结束")
    return blockers


def hub_facts(campaign: HonourCampaign) -> dict[str, Any]:
    """The campaign's facts in words for its hub: stages, materials and reward levels."""
    stages = [str(Stage(stage).label) for stage in STAGE_ORDER if stage in (campaign.stages or [])]
    rewards = "；".join(f"{row.get('level')}：{row.get('amount')} 元" for row in campaign.reward_levels or [])
    return {
        "stages": " → ".join(stages),
        "materials": "、".join(campaign.materials or []) or "—",
        "rewards": rewards or "不设奖励",
    }
