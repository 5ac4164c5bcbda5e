"""Reads of the review block. The conflict-of-interest rule lives here once: `entries_for_judge` is every entry a
judge may see and score — the entries of the judge's round (an entry with a 评审组 only for the judges of that group, one without
for every judge), minus those whose entrant union is one of
the judge's own unions (the orgs of their role grants other than the 评委 grant, and the union they are a member
of), those of the unit the judge declared, and those the judge declared a conflict on."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import JUDGE as JUDGE_ROLE
from gonghui.core.registry import member_union_of

from .aggregation import (
    OUTLIER_SHARE,
    CriterionRule,
    EntryResult,
    JudgeTotal,
    Ranked,
    TieRule,
    entry_score,
    mean,
    outlier_judges,
    rank,
    sheet_max,
    sheet_total,
)
from .choices import RoundStatus, SheetStatus
from .models import ConflictDeclaration, Judge, ReviewEntry, ReviewRound, ScoreSheet


def judge_own_org_ids(judge: Judge) -> set[int]:
    """The unions that are the judge's own: where they hold a role (the 评委 grant aside — it only opens the
    console, often on the organiser's union) and the union they are a holding member of."""
    org_ids = set(
        RoleGrant.objects.filter(user_id=judge.user_id)
        .exclude(role=JUDGE_ROLE)
        .values_list("org_id", flat=True)
    )
    member_org = member_union_of(judge.user)
    if member_org is not None:
        org_ids.add(member_org.pk)
    return org_ids


def _conflict_q(judge: Judge) -> Q:
    q = Q(entrant_org_id__in=judge_own_org_ids(judge))
    unit = judge.unit.strip()
    if unit:
        q |= Q(unit=unit) | Q(entrant_org__unit_name=unit)
    declared = ConflictDeclaration.objects.filter(judge=judge).values("entry_id")
    return q | Q(pk__in=declared)


def entries_for_judge(judge: Judge) -> QuerySet[ReviewEntry]:
    """The entries the judge may see and score, in the round's order."""
    entries = ReviewEntry.objects.filter(round_id=judge.round_id)
    if judge.group:
        entries = entries.filter(Q(group="") | Q(group=judge.group))
    return entries.exclude(_conflict_q(judge)).select_related("entrant_org")


def judge_sees_entry(judge: Judge, entry: ReviewEntry) -> bool:
    return entries_for_judge(judge).filter(pk=entry.pk).exists()


def judge_rounds_for_user(user: Actor) -> QuerySet[Judge]:
    """The user's own judge rows in open rounds: the judge's work list."""
    return (
        Judge.objects.filter(user_id=user.pk, round__status=RoundStatus.OPEN)
        .select_related("round", "round__template")
        .order_by("-round__created_at", "pk")
    )


def sheet_for_judge(judge: Judge, entry: ReviewEntry) -> ScoreSheet | None:
    return (
        ScoreSheet.objects.filter(judge=judge, entry=entry)
        .prefetch_related("scores", "scores__criterion")
        .first()
    )


def rounds_for_user(user: Actor, action: str) -> QuerySet[ReviewRound]:
    """The rounds of the unions in the user's subtrees for `action` (the organiser's list)."""
    return ReviewRound.objects.visible_to(user, action).select_related("org", "template")


def round_sheets(review_round: ReviewRound) -> QuerySet[ScoreSheet]:
    """Every sheet of a round with its judge and scores, for the results."""
    return (
        ScoreSheet.objects.filter(round=review_round)
        .select_related("judge", "entry")
        .prefetch_related("scores", "scores__criterion")
    )


@dataclass(frozen=True)
class RoundResults:
    """The ranking of the entries with at least one submitted sheet, and per entry the judges whose total lies
    too far from the others' mean (`aggregation.outlier_judges`)."""

    ranked: list[Ranked]
    outliers: Mapping[int, set[int]]
    max_total: Decimal


def round_results(
    review_round: ReviewRound,
    *,
    group_weights: Mapping[str, Decimal] | None = None,
    tie_rules: Sequence[TieRule] = (),
    outlier_share: Decimal = OUTLIER_SHARE,
) -> RoundResults:
    """Scores from the submitted sheets only (a draft or reopened sheet does not count), in a constant number of
    queries."""
    rules = [
        CriterionRule(c.name, c.max_points, c.weight, c.is_veto) for c in review_round.template.criteria.all()
    ]
    max_total = sheet_max(rules)
    per_entry: dict[int, list[tuple[JudgeTotal, dict[str, Decimal]]]] = {}
    sheets = round_sheets(review_round).filter(status=SheetStatus.SUBMITTED)
    for sheet in sheets:
        points = {s.criterion.name: s.points for s in sheet.scores.all()}
        judge_total = JudgeTotal(sheet.judge_id, sheet.judge.group, sheet_total(points, rules))
        per_entry.setdefault(sheet.entry_id, []).append((judge_total, points))
    results: list[EntryResult] = []
    outliers: dict[int, set[int]] = {}
    for entry_id, rows in per_entry.items():
        totals = [total for total, _points in rows]
        criterion_means = {
            rule.name: mean([points.get(rule.name, Decimal(0)) for _total, points in rows]) for rule in rules
        }
        results.append(
            EntryResult(
                entry_id=entry_id,
                score=entry_score(totals, group_weights=group_weights),
                totals=tuple(t.total for t in totals),
                criterion_means=criterion_means,
            )
        )
        outliers[entry_id] = outlier_judges(
            {t.judge_id: t.total for t in totals}, max_total=max_total, share=outlier_share
        )
    return RoundResults(ranked=rank(results, tie_rules), outliers=outliers, max_total=max_total)
