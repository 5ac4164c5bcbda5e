"""Reads of 创新工作室 (part `studios`): the board (visible studios with funds paid, latest outputs and risk
flags), one studio's page, the assessments, what an applying union may choose (its studio campaigns, leaders from
the registry, budget lines, score-sheet templates), and `studios_at_risk`: named studios without an innovation
result in a year, and those under rectification whose deadline passed without a new result (应摘牌)."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from gonghui.accounts.actors import Visitor
from gonghui.core.models import TimelineEntry
from gonghui.core.timeline import timeline_for
from gonghui.ledger.models import BudgetLine, LedgerEntry
from gonghui.orgs.models import Org
from gonghui.reviews.models import ReviewEntry, ScoreSheetTemplate
from gonghui.reviews.selectors import round_results

from ..choices import (
    AssessmentResult,
    CampaignStatus,
    NomineeKind,
    Stage,
    StudioStatus,
    WorkerStatus,
)
from ..models import (
    HonourCampaign,
    InnovationStudio,
    ModelWorker,
    Nomination,
    StudioAssessment,
    StudioOutput,
    StudioTranche,
)
from ..permissions import MANAGE, VIEW

LIVE_STATUSES = (StudioStatus.NAMED, StudioStatus.RECTIFYING)


@dataclass(frozen=True)
class StudioFilters:
    query: str = ""
    status: str = ""
    year_named: int | None = None
    org_id: int | None = None


def studios_visible_to(user: Visitor) -> QuerySet[InnovationStudio]:
    return InnovationStudio.objects.visible_to(user, VIEW).select_related("org", "leader")


def studio_list_for_user(user: Visitor, filters: StudioFilters) -> QuerySet[InnovationStudio]:
    qs = studios_visible_to(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year_named:
        qs = qs.filter(named_on__year=filters.year_named)
    if filters.org_id:
        org = Org.objects.filter(pk=filters.org_id).first()
        qs = qs.filter(org__path__startswith=org.path) if org is not None else qs.none()
    if filters.query:
        q = filters.query.strip()
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(leader__name__icontains=q)
            | Q(number__icontains=q)
            | Q(field__icontains=q)
            | Q(org__name__icontains=q)
        )
    return qs.order_by("status", "-named_on", "name", "pk")


def studio_get_visible_or_404(
    user: Visitor, studio_id: int, *, demand: str | None = None
) -> InnovationStudio:
    return InnovationStudio.objects.select_related("org", "leader", "leader__org").get_visible_or_404(
        user, VIEW, demand=demand, pk=studio_id
    )


def assessment_get_visible_or_404(user: Visitor, assessment_id: int) -> StudioAssessment:
    return StudioAssessment.objects.select_related(
        "studio", "studio__org", "studio__leader", "review_round"
    ).get_visible_or_404(user, VIEW, pk=assessment_id)


def named_years(user: Visitor) -> list[int]:
    dates = studios_visible_to(user).exclude(named_on=None).dates("named_on", "year", order="DESC")
    return [d.year for d in dates]


def studio_orgs(user: Visitor) -> QuerySet[Org]:
    """The unions that have a visible studio (the board's 工会 filter)."""
    return Org.objects.filter(pk__in=studios_visible_to(user).values("org_id")).order_by("path")


def funds_paid(studio_ids: Iterable[int]) -> dict[int, Decimal]:
    """Per studio, the sum of its tranches' ledger entries that were not reversed."""
    keys = dict(StudioTranche.objects.filter(studio_id__in=list(studio_ids)).values_list("key", "studio_id"))
    totals: dict[int, Decimal] = {}
    rows = LedgerEntry.objects.filter(idempotency_key__in=list(keys), reversal__isnull=True).values_list(
        "idempotency_key", "amount"
    )
    for key, amount in rows:
        totals[keys[key]] = totals.get(keys[key], Decimal(0)) + amount
    return totals


def tranche_rows(studio: InnovationStudio) -> list[tuple[StudioTranche, LedgerEntry | None]]:
    """The studio's tranches with their ledger entries (None for an entry reversed)."""
    tranches = list(studio.tranches.select_related("budget_line", "budget_line__fund", "created_by"))
    entries = {
        e.idempotency_key: e
        for e in LedgerEntry.objects.filter(
            idempotency_key__in=[t.key for t in tranches], reversal__isnull=True
        )
    }
    return [(t, entries.get(t.key)) for t in tranches]


def latest_outputs(studio_ids: Iterable[int]) -> dict[int, StudioOutput]:
    latest: dict[int, StudioOutput] = {}
    for output in StudioOutput.objects.filter(studio_id__in=list(studio_ids)).order_by("studio_id", "-year"):
        latest.setdefault(output.studio_id, output)
    return latest


def studio_outputs(studio: InnovationStudio) -> QuerySet[StudioOutput]:
    return studio.outputs.order_by("-year")


def studio_assessments(studio: InnovationStudio) -> QuerySet[StudioAssessment]:
    return studio.assessments.select_related("review_round").order_by("-year", "-pk")


def studio_nominations(studio: InnovationStudio) -> QuerySet[Nomination]:
    return Nomination.objects.filter(studio=studio).select_related("campaign").order_by("-pk")


def studio_timeline(studio: InnovationStudio) -> QuerySet[TimelineEntry]:
    return timeline_for(studio)


def has_result(studio: InnovationStudio, year: int) -> bool:
    """An innovation result that year: an output with at least one project."""
    return StudioOutput.objects.filter(studio=studio, year=year, projects__gt=0).exists()


def _rectify_since(studio: InnovationStudio) -> dt.date | None:
    decided = (
        StudioAssessment.objects.filter(studio=studio, result=AssessmentResult.RECTIFY)
        .exclude(decided_on=None)
        .order_by("-decided_on", "-pk")
        .values_list("decided_on", flat=True)
        .first()
    )
    return decided


def has_new_result(studio: InnovationStudio) -> bool:
    """Has the studio, under rectification, reported an innovation result since it was told to rectify?"""
    since = _rectify_since(studio)
    outputs = StudioOutput.objects.filter(studio=studio, projects__gt=0)
    if since is not None:
        outputs = outputs.filter(updated_at__date__gte=since)
    return outputs.exists()


def is_due_delist(studio: InnovationStudio, today: dt.date | None = None) -> bool:
    """应摘牌: under rectification, past the deadline, and no new innovation result."""
    today = today or timezone.localdate()
    return (
        studio.status == StudioStatus.RECTIFYING
        and studio.rectify_by is not None
        and studio.rectify_by < today
        and not has_new_result(studio)
    )


@dataclass(frozen=True)
class StudioRisk:
    studio: InnovationStudio
    no_result: bool  # no innovation result in the year
    due_delist: bool  # 应摘牌


def studios_at_risk(user: Visitor, year: int) -> list[StudioRisk]:
    """Named (or rectifying) studios the user sees that were named by `year` and have no innovation result that
    year; a rectifying studio past its deadline without a new result is flagged 应摘牌."""
    studios = studios_visible_to(user).filter(status__in=LIVE_STATUSES, named_on__year__lte=year)
    with_result = set(
        StudioOutput.objects.filter(studio__in=studios, year=year, projects__gt=0).values_list(
            "studio_id", flat=True
        )
    )
    today = timezone.localdate()
    risks: list[StudioRisk] = []
    for studio in studios.order_by("org__path", "name"):
        no_result = studio.pk not in with_result
        due = is_due_delist(studio, today)
        if no_result or due:
            risks.append(StudioRisk(studio=studio, no_result=no_result, due_delist=due))
    return risks


def risk_flags(studios: Sequence[InnovationStudio], year: int) -> dict[int, str]:
    """The board's flag per studio: 应摘牌, 整改中, or no innovation result in `year` (for studios named by then;
    the board asks about the year just past)."""
    ids = [s.pk for s in studios if s.status in LIVE_STATUSES]
    with_result = set(
        StudioOutput.objects.filter(studio_id__in=ids, year=year, projects__gt=0).values_list(
            "studio_id", flat=True
        )
    )
    today = timezone.localdate()
    flags: dict[int, str] = {}
    for studio in studios:
        if studio.status not in LIVE_STATUSES:
            continue
        if is_due_delist(studio, today):
            flags[studio.pk] = "应摘牌"
        elif studio.status == StudioStatus.RECTIFYING:
            flags[studio.pk] = "整改中"
        elif studio.named_on is not None and studio.named_on.year <= year and studio.pk not in with_result:
            flags[studio.pk] = f"{year}年无创新成果"
    return flags


def assessment_score(assessment: StudioAssessment) -> Decimal | None:
    """The studio's score in the assessment's reviews round (judges' submitted sheets), None before any."""
    if assessment.review_round is None:
        return assessment.score
    entry_ids = set(ReviewEntry.objects.filter(round=assessment.review_round).values_list("pk", flat=True))
    for ranked in round_results(assessment.review_round).ranked:
        if ranked.result.entry_id in entry_ids:
            return ranked.result.score
    return None


def studio_campaigns_for(org: Org) -> QuerySet[HonourCampaign]:
    """The running studio campaigns at 基层推荐 that `org` may apply in (run by itself or a union above)."""
    ancestors = org.ancestor_paths()
    return HonourCampaign.objects.filter(
        nominee_kind=NomineeKind.STUDIO,
        status=CampaignStatus.RUNNING,
        stage=Stage.NOMINATE,
        org__path__in=ancestors,
        nomination_deadline__gte=timezone.now(),
    ).order_by("-year", "pk")


def leaders_for(org: Org) -> QuerySet[ModelWorker]:
    """The registered 劳模/工匠 of `org`'s subtree who may lead a studio."""
    return (
        ModelWorker.objects.filter(org__path__startswith=org.path)
        .exclude(status__in=(WorkerStatus.REVOKED, WorkerStatus.DECEASED))
        .order_by("name", "pk")
    )


def orgs_user_may_apply_for(user: Visitor) -> QuerySet[Org]:
    return Org.objects.in_subtrees(user, MANAGE).order_by("path")


def budget_lines_for(user: Visitor) -> QuerySet[BudgetLine]:
    """The budget lines the user may pay from."""
    return (
        BudgetLine.objects.visible_to(user, "ledger.manage")
        .select_related("fund")
        .order_by("-fund__year", "pk")
    )


def templates_for(user: Visitor) -> QuerySet[ScoreSheetTemplate]:
    return ScoreSheetTemplate.objects.visible_to(user, "reviews.manage").order_by("-created_at", "-pk")


def funds_total(studio: InnovationStudio) -> Decimal:
    return funds_paid([studio.pk]).get(studio.pk, Decimal(0))


def tranche_total_planned(studio: InnovationStudio) -> Decimal:
    return studio.tranches.aggregate(total=Sum("amount"))["total"] or Decimal(0)


EXPORT_HEADERS = (
    "工作室名称",
    "所在工会",
    "领办人",
    "专业领域",
    "状态",
    "命名级别",
    "命名编号",
    "命名日期",
    "已拨经费（元）",
    "最近成果年度",
    "创新项目",
    "专利",
    "论文",
    "创造效益（元）",
    "培养徒弟",
    "提示",
)


def studio_export_rows(studios: Sequence[InnovationStudio], year: int) -> list[list[object]]:
    ids = [s.pk for s in studios]
    paid = funds_paid(ids)
    latest = latest_outputs(ids)
    flags = risk_flags(studios, year)
    rows: list[list[object]] = []
    for studio in studios:
        output = latest.get(studio.pk)
        rows.append(
            [
                studio.name,
                studio.org.name,
                studio.leader.name,
                studio.field,
                studio.get_status_display(),
                studio.level,
                studio.number,
                studio.named_on,
                paid.get(studio.pk, Decimal(0)),
                output.year if output else "",
                output.projects if output else "",
                output.patents if output else "",
                output.papers if output else "",
                output.benefit_yuan if output else "",
                output.apprentices if output else "",
                flags.get(studio.pk, ""),
            ]
        )
    return rows


def leaders_for_user(user: Visitor) -> QuerySet[ModelWorker]:
    """The registered 劳模/工匠 of the unions the user manages who may lead a studio (the application form)."""
    return (
        ModelWorker.objects.in_subtrees(user, MANAGE)
        .exclude(status__in=(WorkerStatus.REVOKED, WorkerStatus.DECEASED))
        .order_by("name", "pk")
    )


def studio_campaigns_for_user(user: Visitor) -> QuerySet[HonourCampaign]:
    """The studio campaigns open for applications that the user sees (run by their unions or those above)."""
    return (
        HonourCampaign.objects.visible_to(user, VIEW)
        .filter(
            nominee_kind=NomineeKind.STUDIO,
            status=CampaignStatus.RUNNING,
            stage=Stage.NOMINATE,
            nomination_deadline__gte=timezone.now(),
        )
        .order_by("-year", "pk")
    )


def has_tranches(studio: InnovationStudio) -> bool:
    return studio.tranches.exists()
