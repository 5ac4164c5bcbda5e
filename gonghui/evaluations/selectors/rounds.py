"""Reads of part rounds: the rounds a user sees (year and status filters), one round or target by public id
(scoped through `visible_to`), a round's targets with their orgs (filters: 自评状态, 等级, 同类组, search), one
target's scores by dimension and its 复核申请, the schemes and unions a cadre may start a round with, the cadres who
may assess, the users told about a target union, and the results 公文 text."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum

from gonghui.accounts.actors import Visitor
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.scoping import action_paths
from gonghui.core.registry import roles
from gonghui.documents.record_templates import DraftText
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Org
from gonghui.reviews.models import Judge

from .. import rules
from ..choices import IndicatorKind, RecheckStatus, SchemeStatus, SelfStatus
from ..models import EvaluationRound, EvaluationScheme, Recheck, RoundTarget, Score
from ..permissions import MANAGE, VIEW

RESULTS_TEMPLATE = "evaluations.results_announcement"


@dataclass(frozen=True)
class RoundFilters:
    query: str = ""
    year: int | None = None
    status: str = ""


@dataclass(frozen=True)
class TargetFilters:
    query: str = ""
    self_status: str = ""
    grade: str = ""
    peer_group: str = ""


def rounds_for_user(user: Visitor, filters: RoundFilters = RoundFilters()) -> QuerySet[EvaluationRound]:
    found = EvaluationRound.objects.visible_to(user, VIEW).select_related("org", "scheme")
    if filters.query:
        found = found.filter(Q(title__icontains=filters.query) | Q(org__name__icontains=filters.query))
    if filters.year:
        found = found.filter(period_end__year=filters.year)
    if filters.status:
        found = found.filter(status=filters.status)
    return found


def round_years_for_user(user: Visitor) -> list[int]:
    days = EvaluationRound.objects.visible_to(user, VIEW).dates("period_end", "year", order="DESC")
    return [day.year for day in days]


def round_for_user_or_404(user: Visitor, public_id: Any, *, demand: str | None = None) -> EvaluationRound:
    round_ = EvaluationRound.objects.get_visible_or_404(user, VIEW, demand=demand, public_id=public_id)
    return EvaluationRound.objects.select_related("org", "scheme", "frozen_by", "review_round").get(
        pk=round_.pk
    )


def target_for_user_or_404(user: Visitor, public_id: Any, *, demand: str | None = None) -> RoundTarget:
    target = RoundTarget.objects.get_visible_or_404(user, VIEW, demand=demand, public_id=public_id)
    return RoundTarget.objects.select_related("org", "round__org", "round__scheme").get(pk=target.pk)


def recheck_for_user_or_404(user: Visitor, public_id: Any) -> Recheck:
    recheck = Recheck.objects.get_visible_or_404(user, VIEW, public_id=public_id)
    return Recheck.objects.select_related("target__org", "target__round__org", "score__indicator").get(
        pk=recheck.pk
    )


def round_targets(round_: EvaluationRound, filters: TargetFilters = TargetFilters()) -> QuerySet[RoundTarget]:
    found = (
        RoundTarget.objects.filter(round=round_)
        .select_related("org")
        .annotate(
            auto_total=Sum("scores__computed_points", filter=Q(scores__indicator__kind=IndicatorKind.AUTO))
        )
    )
    if filters.query:
        found = found.filter(Q(org__name__icontains=filters.query) | Q(org__code__iexact=filters.query))
    if filters.self_status:
        found = found.filter(self_status=filters.self_status)
    if filters.grade:
        found = found.filter(grade=filters.grade)
    if filters.peer_group:
        found = found.filter(peer_group=filters.peer_group)
    return found.order_by("rank", "org__path")


def round_peer_groups(round_: EvaluationRound) -> list[str]:
    return list(
        RoundTarget.objects.filter(round=round_)
        .order_by("peer_group")
        .values_list("peer_group", flat=True)
        .distinct()
    )


def round_grades(round_: EvaluationRound) -> list[str]:
    return [str(grade) for _lowest, grade in round_.scheme.grade_bands]


def round_counts(round_: EvaluationRound) -> dict[str, int]:
    """How many targets, how many submitted their 自评, and how many 复核申请 wait for a reply."""
    targets = RoundTarget.objects.filter(round=round_)
    return {
        "targets": targets.count(),
        "submitted": targets.filter(self_status=SelfStatus.SUBMITTED).count(),
        "pending_rechecks": Recheck.objects.filter(
            target__round=round_, status=RecheckStatus.PENDING
        ).count(),
    }


@dataclass
class DimensionBlock:
    name: str
    cap: Any
    scores: list[Score]
    subtotal: Any


def target_scores(target: RoundTarget) -> list[DimensionBlock]:
    """The target's scores grouped by dimension (scheme order), each dimension's capped subtotal."""
    blocks: dict[int, DimensionBlock] = {}
    for score in Score.objects.filter(target=target).select_related("indicator__dimension"):
        dimension = score.indicator.dimension
        block = blocks.setdefault(dimension.pk, DimensionBlock(dimension.name, dimension.points, [], None))
        block.scores.append(score)
    for block in blocks.values():
        given = [s.final_points for s in block.scores if s.final_points is not None]
        block.subtotal = rules.dimension_total(given, block.cap) if given else None
    return list(blocks.values())


def target_score_choices(target: RoundTarget) -> QuerySet[Score]:
    """The target's scores as choices of a 复核 form (named by their indicator)."""
    return Score.objects.filter(target=target).select_related("indicator")


def target_rechecks(target: RoundTarget) -> QuerySet[Recheck]:
    return Recheck.objects.filter(target=target).select_related(
        "score__indicator", "submitted_by", "decided_by"
    )


def round_rechecks_pending(round_: EvaluationRound) -> QuerySet[Recheck]:
    return Recheck.objects.filter(target__round=round_, status=RecheckStatus.PENDING).select_related(
        "target__org", "score__indicator"
    )


def schemes_for_round_create(user: Visitor) -> QuerySet[EvaluationScheme]:
    """Published schemes of a union the user manages or of a union above one."""
    paths = action_paths(user, MANAGE)
    ancestors = {path[:end] for path in paths for end in range(Org.steplen, len(path) + 1, Org.steplen)}
    return (
        EvaluationScheme.objects.filter(status=SchemeStatus.PUBLISHED, org__path__in=sorted(ancestors))
        .select_related("org")
        .order_by("-year", "title", "-version")
    )


def orgs_managed_by(user: Visitor) -> QuerySet[Org]:
    """The active unions a round may be run by (evaluations.manage on the union)."""
    return Org.objects.visible_to(user, MANAGE).filter(status=OrgStatus.ACTIVE).order_by("path")


def target_orgs(org: Org, *, level: str, unit_category: str = "", industry: str = "") -> QuerySet[Org]:
    """The active unions of `level` below `org`, optionally of one unit category / industry."""
    found = Org.objects.filter(path__startswith=org.path, level=level, status=OrgStatus.ACTIVE).exclude(
        pk=org.pk
    )
    if unit_category:
        found = found.filter(unit_category=unit_category)
    if industry:
        found = found.filter(industry=industry)
    return found.order_by("path")


def _console_codes(action: str | None = None) -> list[str]:
    return [
        role.code
        for role in roles
        if role.console and not role.object_only and (action is None or role.allows(action))
    ]


def assessor_candidates(round_: EvaluationRound) -> QuerySet[User]:
    """考核人 candidates: active users holding a console role on the round's union itself, not yet assessing."""
    found = User.objects.filter(
        grants__org_id=round_.org_id, grants__role__in=_console_codes(), is_active=True
    )
    if round_.review_round_id is not None:
        found = found.exclude(pk__in=Judge.objects.filter(round_id=round_.review_round_id).values("user_id"))
    return found.distinct().order_by("name", "username")


def round_assessors(round_: EvaluationRound) -> list[Judge]:
    if round_.review_round_id is None:
        return []
    return list(Judge.objects.filter(round_id=round_.review_round_id).select_related("user").order_by("pk"))


def managers_of(org_ids: Iterable[int]) -> dict[int, list[User]]:
    """Per union (by id) the active users holding evaluations.manage on that union itself: who hears about it."""
    found: dict[int, list[User]] = {}
    grants = RoleGrant.objects.filter(
        org_id__in=list(org_ids), role__in=_console_codes(MANAGE), user__is_active=True
    ).select_related("user")
    for grant in grants.order_by("org_id", "user_id"):
        bucket = found.setdefault(grant.org_id, [])
        if grant.user not in bucket:
            bucket.append(grant.user)
    return found


def results_announcement_text(round_: Any) -> DraftText:
    """The results 通报: the round, its period, how many unions, then each grade with its unions in rank order."""
    targets = list(
        RoundTarget.objects.filter(round_id=round_.pk).select_related("org").order_by("rank", "org__path")
    )
    lines = [
        f"根据《{round_.scheme.title}》，{round_.org.name}组织开展了{round_.title}，"
        f"对{len(targets)}个单位{round_.scheme.year}年度工会工作进行了量化考核。"
        "经单位自评、考核组考核、结果复核，现将考核结果通报如下："
    ]
    by_grade = [(grade, [t.org.name for t in targets if t.grade == grade]) for grade in round_grades(round_)]
    present = [
        (grade, names) for grade, names in by_grade if names
    ]  # numbered 1, 2 … over the grades awarded
    for number, (grade, names) in enumerate(present, start=1):
        lines.append(f"{number}. {grade}（{len(names)}个）：{'、'.join(names)}")
    lines.append(
        "希望受到通报的单位再接再厉，其他单位对照考核指标查找差距、补齐短板，推动工会工作再上新台阶。"
    )
    return DraftText(title=f"关于{round_.title}结果的通报", body="\n".join(lines), main_to="各基层工会")
