"""Reads of part reports: a target's 评分卡 (what each indicator earned and lost, and why), a round's 排名 (league
table with dimension subtotals, filtered by 同类比较组) and a union's 历年趋势 (totals, grades and ranks across the
frozen rounds it was a target of, per dimension too, and for a union that runs rounds its grade distribution by
year). Each read is a fixed number of queries whatever the number of targets, indicators or years. Ranks are
worked out from the totals with `rules.rank_totals` (the same function the rounds part stores them with), so the
provisional league of a round not yet frozen reads the same as the frozen one will."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.accounts.actors import Actor
from gonghui.accounts.scoping import action_paths, has_action
from gonghui.orgs.models import Org

from ..choices import IndicatorKind, RoundStatus
from ..models import Dimension, EvaluationRound, RoundTarget, Score
from ..permissions import VIEW
from ..rules import dimension_total, quantize, rank_totals, show

PROVISIONAL = "暂定"

# ---- 评分卡 ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreLine:
    """One indicator on the card: its points, what it earned and lost, and why."""

    score: Score
    available: Decimal
    earned: Decimal | None
    lost: Decimal | None
    reason: str

    @property
    def indicator(self) -> Any:
        return self.score.indicator

    @property
    def is_auto(self) -> bool:
        return bool(self.score.indicator.kind == IndicatorKind.AUTO)


@dataclass
class DimensionBlock:
    """A dimension: the sum of its indicators' points (or its cap), its subtotal and what it lost."""

    dimension: Dimension
    lines: list[ScoreLine] = field(default_factory=list)

    @property
    def available(self) -> Decimal:
        total = sum((line.available for line in self.lines), Decimal(0))
        cap = self.dimension.points
        return quantize(min(total, cap) if cap else total)

    @property
    def earned(self) -> Decimal:
        return dimension_total([line.earned or Decimal(0) for line in self.lines], self.dimension.points)

    @property
    def lost(self) -> Decimal:
        return quantize(self.available - self.earned)


@dataclass(frozen=True)
class Standing:
    """A target's rank overall and among its peers, with the field sizes."""

    rank: int | None
    of: int
    peer_rank: int | None
    peers: int


@dataclass(frozen=True)
class Scorecard:
    target: RoundTarget
    dimensions: list[DimensionBlock]
    vetoes: list[ScoreLine]
    standing: Standing
    can_see_round: bool

    @property
    def round(self) -> EvaluationRound:
        return self.target.round

    @property
    def provisional(self) -> bool:
        return not self.target.round.is_frozen

    @property
    def available(self) -> Decimal:
        return sum((block.available for block in self.dimensions), Decimal(0))

    @property
    def lost(self) -> Decimal | None:
        total = self.target.total
        return None if total is None else quantize(self.available - total)


def lost_reason(score: Score) -> str:
    """Why an indicator earned what it did: the rule's explanation (automatic) or the 考核分 (manual), the gap
    between 自评 and 考核分 with its note, and a 复核 adjustment with its reason."""
    parts: list[str] = []
    if score.explanation:
        parts.append(score.explanation)
    elif score.indicator.kind == IndicatorKind.MANUAL and score.assessor_points is not None:
        parts.append(f"考核分 {show(score.assessor_points)} 分")
    if score.gap_flagged:
        parts.append(f"自评与考核分差异较大{f'：{score.gap_note}' if score.gap_note else ''}")
    if score.adjusted:
        parts.append(f"复核调整{f'：{score.adjust_reason}' if score.adjust_reason else ''}")
    return "；".join(parts)


def _line(score: Score) -> ScoreLine:
    available = quantize(score.indicator.points)
    earned = score.final_points
    lost = None if earned is None else quantize(max(Decimal(0), available - earned))
    return ScoreLine(score=score, available=available, earned=earned, lost=lost, reason=lost_reason(score))


def target_get_for_user(*, user: Actor, public_id: UUID | str) -> RoundTarget:
    """A target the user may see (its own union, the round's union and the unions above): 404 otherwise."""
    return RoundTarget.objects.select_related(
        "round", "round__scheme", "round__org", "org"
    ).get_visible_or_404(user, VIEW, public_id=public_id)


def round_standings(round_: EvaluationRound) -> dict[int, Standing]:
    """{target id: Standing} for every target of the round with a total (one query)."""
    rows = list(RoundTarget.objects.filter(round=round_).values_list("id", "total", "peer_group"))
    totals = {pk: total for pk, total, _g in rows if total is not None}
    ranks = rank_totals(totals)
    groups: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for pk, total, group in rows:
        if total is not None:
            groups[group][pk] = total
    peer_ranks: dict[int, int] = {}
    for members in groups.values():
        peer_ranks.update(rank_totals(members))
    sizes = {group: len(members) for group, members in groups.items()}
    return {
        pk: Standing(ranks.get(pk), len(totals), peer_ranks.get(pk), sizes.get(group, 0))
        for pk, _total, group in rows
    }


def scorecard_for(*, target: RoundTarget, user: Actor) -> Scorecard:
    """The card of `target` (read for the user): dimensions in the scheme's order, every indicator's line, the
    veto items' verdicts and the standing. Three queries."""
    dimensions = {d.pk: DimensionBlock(d) for d in Dimension.objects.filter(scheme_id=target.round.scheme_id)}
    vetoes: list[ScoreLine] = []
    scores = Score.objects.filter(target=target).select_related("indicator", "indicator__dimension")
    for score in scores:
        line = _line(score)
        block = dimensions.setdefault(score.indicator.dimension_id, DimensionBlock(score.indicator.dimension))
        block.lines.append(line)
        if score.indicator.is_veto:
            vetoes.append(line)
    standings = round_standings(target.round)
    return Scorecard(
        target=target,
        dimensions=[block for block in dimensions.values() if block.lines],
        vetoes=vetoes,
        standing=standings.get(target.pk, Standing(None, 0, None, 0)),
        can_see_round=has_action(user, VIEW, target.round.org),
    )


# ---- 排名 --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeagueRow:
    target: RoundTarget
    rank: int | None
    peer_rank: int | None
    subtotals: list[Decimal | None]
    vetoes_failed: int


@dataclass(frozen=True)
class League:
    round: EvaluationRound
    dimensions: list[Dimension]
    rows: list[LeagueRow]
    peer_groups: list[str]
    peer_group: str
    has_veto_items: bool

    @property
    def provisional(self) -> bool:
        return not self.round.is_frozen


def round_get_for_user(*, user: Actor, public_id: UUID | str) -> EvaluationRound:
    """A round the user may see (its union and the unions above): 404 otherwise."""
    return EvaluationRound.objects.select_related("scheme", "org").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def league_for(*, round_: EvaluationRound, peer_group: str = "") -> League:
    """Every target of the round (or of one 同类比较组) by total, best first — ties share a rank (1, 1, 3) and are
    listed by org — with the dimension subtotals (capped; a dimension of 0-point items only, such as 必备项, has
    no column) and how many veto items each failed. Four queries."""
    dimensions = list(Dimension.objects.filter(scheme_id=round_.scheme_id))
    targets = list(RoundTarget.objects.filter(round=round_).select_related("org").order_by("org__path"))
    sums: dict[tuple[int, int], Decimal] = {}
    failed: dict[int, int] = defaultdict(int)
    has_veto = False
    pointless: set[int] = set()  # a dimension of 0-point items (必备项 only) scores nothing: no column for it
    scored: set[int] = set()
    rows = Score.objects.filter(target__round=round_).values("target_id", "indicator__dimension_id")
    for row in rows.annotate(
        earned=Sum("final_points"),
        failed=Count("id", filter=Q(indicator__is_veto=True, passed=False)),
        vetoes=Count("id", filter=Q(indicator__is_veto=True)),
        available=Sum("indicator__points"),
    ):
        dimension_id = row["indicator__dimension_id"]
        sums[row["target_id"], dimension_id] = row["earned"]
        failed[row["target_id"]] += row["failed"]
        has_veto = has_veto or row["vetoes"] > 0
        (scored if row["available"] else pointless).add(dimension_id)
    dimensions = [d for d in dimensions if d.pk not in pointless or d.pk in scored]
    peer_groups = sorted({t.peer_group for t in targets if t.peer_group})
    shown = [t for t in targets if not peer_group or t.peer_group == peer_group]
    ranks = rank_totals({t.pk: t.total for t in targets if t.total is not None})
    peer_ranks = rank_totals({t.pk: t.total for t in shown if t.total is not None}) if peer_group else {}
    if not peer_group:
        for group in peer_groups:
            peer_ranks.update(
                rank_totals({t.pk: t.total for t in targets if t.peer_group == group and t.total is not None})
            )
    league_rows = [
        LeagueRow(
            target=t,
            rank=ranks.get(t.pk),
            peer_rank=peer_ranks.get(t.pk),
            subtotals=[
                None
                if (t.pk, d.pk) not in sums or sums[t.pk, d.pk] is None
                else dimension_total([sums[t.pk, d.pk]], d.points)
                for d in dimensions
            ],
            vetoes_failed=failed[t.pk],
        )
        for t in shown
    ]
    league_rows.sort(key=lambda r: (r.rank is None, r.rank or 0))  # stable: ties keep the org order
    return League(
        round=round_,
        dimensions=dimensions,
        rows=league_rows,
        peer_groups=peer_groups,
        peer_group=peer_group if peer_group in peer_groups else "",
        has_veto_items=has_veto,
    )


# ---- 历年趋势 ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    target: RoundTarget
    standing: Standing
    subtotals: dict[
        str, Decimal | None
    ]  # every dimension name of the trend (None: not in that round's scheme)

    @property
    def year(self) -> int:
        return self.target.round.period_end.year


@dataclass(frozen=True)
class GradeYear:
    round: EvaluationRound
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Trend:
    org: Org
    points: list[TrendPoint]
    dimension_names: list[str]
    grades: list[str]
    grade_years: list[GradeYear]


def trend_orgs_for(*, user: Actor) -> QuerySet[Org]:
    """The unions offered in the picker: those the user may see that were a target of a frozen round or run
    one, and the user's own unions."""
    visible = RoundTarget.objects.visible_to(user, VIEW).filter(round__status=RoundStatus.FROZEN)
    run = EvaluationRound.objects.visible_to(user, VIEW).filter(status=RoundStatus.FROZEN)
    return (
        Org.objects.visible_to(user, VIEW)
        .filter(
            Q(pk__in=visible.values("org_id"))
            | Q(pk__in=run.values("org_id"))
            | Q(path__in=action_paths(user, VIEW))
        )
        .order_by("path")
    )


def trend_org_get_for_user(*, user: Actor, code: str) -> Org:
    return Org.objects.get_visible_or_404(user, VIEW, code=code)


def trend_for(*, org: Org, user: Actor) -> Trend:
    """`org`'s results across the frozen rounds it was a target of (oldest first), per dimension by name, and,
    when `org` runs rounds, the grades of their targets by round. Five queries."""
    targets = list(
        RoundTarget.objects.visible_to(user, VIEW)
        .filter(org=org, round__status=RoundStatus.FROZEN)
        .select_related("round", "round__scheme")
        .order_by("round__period_end", "round__frozen_at", "pk")
    )
    round_ids = [t.round_id for t in targets]
    fields: dict[int, list[tuple[int, Decimal | None, str]]] = defaultdict(list)
    for pk, round_id, total, group in RoundTarget.objects.filter(round_id__in=round_ids).values_list(
        "id", "round_id", "total", "peer_group"
    ):
        fields[round_id].append((pk, total, group))
    subtotals: dict[int, dict[str, Decimal]] = defaultdict(dict)
    names: list[str] = []
    rows = (
        Score.objects.filter(target__in=[t.pk for t in targets])
        .values("target_id", "indicator__dimension__name", "indicator__dimension__points")
        .annotate(earned=Sum("final_points"))
        .order_by("indicator__dimension__order", "indicator__dimension__name")
    )
    for row in rows:
        name = row["indicator__dimension__name"]
        if name not in names:
            names.append(name)
        subtotals[row["target_id"]][name] = dimension_total(
            [row["earned"] or Decimal(0)], row["indicator__dimension__points"]
        )
    points = []
    for t in targets:
        field_rows = fields[t.round_id]
        totals = {pk: total for pk, total, _g in field_rows if total is not None}
        peers = {pk: total for pk, total, g in field_rows if g == t.peer_group and total is not None}
        standing = Standing(
            rank_totals(totals).get(t.pk), len(totals), rank_totals(peers).get(t.pk), len(peers)
        )
        shown = {name: subtotals[t.pk].get(name) for name in names}
        points.append(TrendPoint(target=t, standing=standing, subtotals=shown))
    grade_years, grades = _grade_years(org=org, user=user)
    return Trend(org=org, points=points, dimension_names=names, grades=grades, grade_years=grade_years)


def _grade_years(*, org: Org, user: Actor) -> tuple[list[GradeYear], list[str]]:
    rounds = {
        r.pk: r
        for r in EvaluationRound.objects.visible_to(user, VIEW)
        .filter(org=org, status=RoundStatus.FROZEN)
        .select_related("scheme")
        .order_by("period_end", "frozen_at", "pk")
    }
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        RoundTarget.objects.filter(round_id__in=list(rounds))
        .exclude(grade="")
        .values("round_id", "grade")
        .annotate(n=Count("id"))
    ):
        counts[row["round_id"]][row["grade"]] = row["n"]
    grades: list[str] = []
    for r in rounds.values():
        for _lowest, grade in r.scheme.grade_bands:
            if grade not in grades:
                grades.append(grade)
    for found in counts.values():
        grades.extend(g for g in found if g not in grades)
    years = [GradeYear(round=r, counts={g: counts[pk].get(g, 0) for g in grades}) for pk, r in rounds.items()]
    return years, grades
