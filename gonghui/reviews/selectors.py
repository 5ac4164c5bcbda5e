"""Reads of the review block. The conflict-of-interest rule lives here once: `entries_for_judge` is every entry a
judge may see and score — the entries of the judge's round (an entry with a 评审组 only for the judges of that group, one without
for every judge), minus those whose entrant union is one of
the judge's own unions (the orgs of their role grants other than the 评委 grant, and the union they are a member
of), those of the unit the judge declared, and those the judge declared a conflict on.

What a judge is shown of an entry also lives here once: `judge_entry_view` (盲评 hides the entrant union and
unit). Results read the rules stored on the round (`ReviewRound.rules`); in a 自评+考评 round
`self_assessment_rows` sets each entry's self score beside its assessors' mean per criterion."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gonghui.accounts.actors import Actor
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import JUDGE as JUDGE_ROLE
from gonghui.accounts.scoping import scope_q, users_visible_to
from gonghui.core.registry import member_union_of

from .aggregation import (
    CriterionRule,
    EntryResult,
    JudgeTotal,
    Ranked,
    RoundRules,
    assessment_gaps,
    entry_score,
    group_means,
    mean,
    outlier_judges,
    rank,
    sheet_max,
    sheet_total,
    trimmed_mean,
)
from .choices import RoundMode, RoundStatus, SheetStatus
from .models import ConflictDeclaration, Criterion, Judge, ReviewEntry, ReviewRound, ScoreSheet

MANAGE = "reviews.manage"  # permissions.MANAGE (permissions imports this module)
VIEW = "reviews.view"  # permissions.VIEW


def _own_org_ids_by_judge(judges: Sequence[Judge]) -> dict[int, set[int]]:
    """Per judge (by id) the unions that are the judge's own: where they hold a role and the union they are a
    holding member of. A 评委 grant counts only on a union below the round's (a county's 评委 judging a city round
    is from that county); on the round's union or above it only opens the console. Three queries for the grants
    and the rounds' unions, and one per judge user for the member union (`judge.user` should be loaded)."""
    grants: dict[int, set[int]] = {}
    judge_grants: dict[int, list[tuple[int, str]]] = {}
    rows = RoleGrant.objects.filter(user_id__in={judge.user_id for judge in judges}).values_list(
        "user_id", "org_id", "org__path", "role"
    )
    for user_id, org_id, path, role in rows:
        if role == JUDGE_ROLE:
            judge_grants.setdefault(user_id, []).append((org_id, path))
        else:
            grants.setdefault(user_id, set()).add(org_id)
    round_paths = dict(
        ReviewRound.objects.filter(pk__in={judge.round_id for judge in judges}).values_list("pk", "org__path")
    )
    member_orgs: dict[int, int | None] = {}
    own: dict[int, set[int]] = {}
    for judge in judges:
        if judge.user_id not in member_orgs:
            member_org = member_union_of(judge.user)
            member_orgs[judge.user_id] = member_org.pk if member_org is not None else None
        org_ids = set(grants.get(judge.user_id, set()))
        round_path = round_paths.get(judge.round_id, "")
        org_ids |= {
            org_id
            for org_id, path in judge_grants.get(judge.user_id, [])
            if path.startswith(round_path) and path != round_path
        }
        member_org_id = member_orgs[judge.user_id]
        if member_org_id is not None:
            org_ids.add(member_org_id)
        own[judge.pk] = org_ids
    return own


def judge_own_org_ids(judge: Judge) -> set[int]:
    """The unions that are the judge's own (see `_own_org_ids_by_judge`)."""
    return _own_org_ids_by_judge([judge])[judge.pk]


def _conflict_q(judge: Judge, own_org_ids: set[int]) -> Q:
    q = Q(entrant_org_id__in=own_org_ids)
    unit = judge.unit.strip()
    if unit:
        q |= Q(unit=unit) | Q(entrant_org__unit_name=unit)
    declared = ConflictDeclaration.objects.filter(judge_id=judge.pk).values("entry_id")
    return q | Q(pk__in=declared)


def _judge_sees_q(judge: Judge, own_org_ids: set[int]) -> Q:
    """The rule, once: the entries of the judge's round (of the judge's group or without one), no conflict."""
    q = Q(round_id=judge.round_id)
    if judge.group:
        q &= Q(group="") | Q(group=judge.group)
    return q & ~_conflict_q(judge, own_org_ids)


def entries_for_judge(judge: Judge) -> QuerySet[ReviewEntry]:
    """The entries the judge may see and score, in the round's order."""
    return ReviewEntry.objects.filter(_judge_sees_q(judge, judge_own_org_ids(judge))).select_related(
        "entrant_org"
    )


@dataclass(frozen=True)
class JudgeProgress:
    """How many entries a judge scores (`total`) and of those how many sheets they submitted."""

    total: int
    submitted: int


def judge_progress(judges: Sequence[Judge]) -> dict[int, JudgeProgress]:
    """Per judge (by id) the entries shown to them and their submitted sheets, by the rule of `entries_for_judge`,
    for judges of any rounds in one aggregate query (plus the own-union reads of `_own_org_ids_by_judge`)."""
    if not judges:
        return {}
    own = _own_org_ids_by_judge(judges)
    aggregates: dict[str, Count] = {}
    for judge in judges:
        sees = _judge_sees_q(judge, own[judge.pk])
        submitted = Exists(
            ScoreSheet.objects.filter(
                judge_id=judge.pk, entry_id=OuterRef("pk"), status=SheetStatus.SUBMITTED
            )
        )
        aggregates[f"total_{judge.pk}"] = Count("pk", filter=sees)
        aggregates[f"submitted_{judge.pk}"] = Count("pk", filter=sees & Q(submitted))
    counts = ReviewEntry.objects.filter(round_id__in={judge.round_id for judge in judges}).aggregate(
        **aggregates
    )
    return {
        judge.pk: JudgeProgress(total=counts[f"total_{judge.pk}"], submitted=counts[f"submitted_{judge.pk}"])
        for judge in judges
    }


def judge_sees_entry(judge: Judge, entry: ReviewEntry) -> bool:
    return entries_for_judge(judge).filter(pk=entry.pk).exists()


def judge_sheets_left(user: Actor) -> int:
    """Entries the user still has to score as a judge of open rounds (the home page's 待评分)."""
    progress = judge_progress(list(judge_rounds_for_user(user)))
    return sum(p.total - p.submitted for p in progress.values())


def judge_rounds_for_user(user: Actor, *, closed: bool = False) -> QuerySet[Judge]:
    """The user's own judge rows in open rounds (the judge's work list), or with `closed` in closed rounds (已结束,
    read-only), newest round first."""
    status = RoundStatus.CLOSED if closed else RoundStatus.OPEN
    return (
        Judge.objects.filter(user_id=user.pk, round__status=status)
        .select_related("user", "round", "round__template")
        .order_by("-round__created_at", "pk")
    )


def judge_row_of(user: Actor, judge_id: int) -> Judge | None:
    """The user's own judge row `judge_id` in a round that has started (open, or closed: read-only), else None."""
    return (
        Judge.objects.filter(
            pk=judge_id, user_id=user.pk, round__status__in=(RoundStatus.OPEN, RoundStatus.CLOSED)
        )
        .select_related("user", "round", "round__template")
        .first()
    )


@dataclass(frozen=True)
class OwnerLink:
    """Where a module-owned round came from: the owner row's page (a campaign, a contest round, a 建家考评 …)."""

    label: str
    url: str


def round_owner_link(review_round: ReviewRound) -> OwnerLink | None:
    """The page of the module row that owns the round, for its organisers to go back to (None for a round a union
    runs itself, or an owner without a page)."""
    if review_round.entries_by_hand:
        return None
    owner = review_round.owner
    url = getattr(owner, "get_absolute_url", None)
    if owner is None or url is None:
        return None
    return OwnerLink(label=f"{owner._meta.verbose_name}：{owner}", url=url())


def round_visible_or_404(user: Actor, pk: int) -> ReviewRound:
    """A round the user sees for `reviews.view` (else 404), with what its pages show of it."""
    return ReviewRound.objects.select_related("org", "template", "created_by").get_visible_or_404(
        user, VIEW, pk=pk
    )


def sheet_visible_or_404(user: Actor, pk: int) -> ScoreSheet:
    """A sheet the user sees for `reviews.view` (else 404), with its round, judge and entry."""
    return ScoreSheet.objects.select_related(
        "round", "round__org", "judge", "judge__user", "entry", "entry__entrant_org"
    ).get_visible_or_404(user, VIEW, pk=pk)


def round_entries(review_round: ReviewRound) -> QuerySet[ReviewEntry]:
    """The round's entries in order, with their entrant union."""
    return ReviewEntry.objects.filter(round_id=review_round.pk).select_related("entrant_org")


def round_judges(review_round: ReviewRound) -> QuerySet[Judge]:
    """The round's judges in order, with their accounts."""
    return Judge.objects.filter(round_id=review_round.pk).select_related("user")


def sheets_by_entry_for_judge(judge: Judge) -> dict[int, ScoreSheet]:
    """The judge's own sheets, by entry id (the judge row was read as the user's own first)."""
    return {sheet.entry_id: sheet for sheet in ScoreSheet.objects.filter(judge=judge)}


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
    """Every judge's sheet of a round (self sheets aside: `self_sheets`) with its judge and scores."""
    return (
        ScoreSheet.objects.filter(round=review_round, is_self=False)
        .select_related("judge", "judge__user", "entry")
        .prefetch_related("scores", "scores__criterion")
    )


@dataclass(frozen=True)
class JudgeEntryView:
    """What a judge is shown of an entry: in a 盲评 round only its title (entrant and unit are blank)."""

    title: str
    entrant: str
    unit: str
    is_blind: bool

    @property
    def label(self) -> str:
        details = " · ".join(part for part in (self.entrant, self.unit) if part)
        return f"{self.title}（{details}）" if details else self.title


def judge_entry_view(entry: ReviewEntry, review_round: ReviewRound | None = None) -> JudgeEntryView:
    """The entry as a judge (or anyone the round's blind mode applies to: exports, an assessor) may see it."""
    review_round = review_round or entry.round
    if review_round.is_blind:
        return JudgeEntryView(title=entry.title, entrant="", unit="", is_blind=True)
    return JudgeEntryView(title=entry.title, entrant=entry.entrant_org.name, unit=entry.unit, is_blind=False)


def entry_label_for_judge(entry: ReviewEntry, judge: Judge) -> str:
    """The one line naming the entry on the judge's pages: the title, with the entrant union and unit unless the
    round is 盲评."""
    return judge_entry_view(entry, judge.round).label


@dataclass(frozen=True)
class EntryDetail:
    """How an entry's score was reached: each judge's total (by judge id), the plain and the trimmed mean of
    them, and the (trimmed) mean per judge group."""

    judge_totals: Mapping[int, Decimal]
    mean: Decimal
    trimmed_mean: Decimal
    group_means: Mapping[str, Decimal]


@dataclass(frozen=True)
class RoundResults:
    """The ranking of the entries with at least one submitted sheet, per entry the judges whose total lies too far
    from the others' mean (`aggregation.outlier_judges`) and how the score was reached, and the rules applied."""

    ranked: list[Ranked]
    outliers: Mapping[int, set[int]]
    max_total: Decimal
    rules: RoundRules
    details: Mapping[int, EntryDetail]


def criterion_rules(review_round: ReviewRound) -> list[CriterionRule]:
    return [
        CriterionRule(c.name, c.max_points, c.weight, c.is_veto)
        for c in Criterion.objects.filter(template_id=review_round.template_id)
    ]


def round_results(review_round: ReviewRound) -> RoundResults:
    """Scores from the judges' submitted sheets only (a draft or reopened sheet, a self sheet does not count), by
    the rules stored on the round, in a constant number of queries."""
    round_rules = review_round.rules
    rules = criterion_rules(review_round)
    max_total = sheet_max(rules)
    per_entry: dict[int, list[tuple[JudgeTotal, dict[str, Decimal]]]] = {}
    sheets = round_sheets(review_round).filter(status=SheetStatus.SUBMITTED)
    for sheet in sheets:
        if sheet.judge is None:  # round_sheets holds the judges' sheets only
            continue
        points = {s.criterion.name: s.points for s in sheet.scores.all()}
        judge_total = JudgeTotal(sheet.judge.pk, sheet.judge.group, sheet_total(points, rules))
        per_entry.setdefault(sheet.entry_id, []).append((judge_total, points))
    results: list[EntryResult] = []
    outliers: dict[int, set[int]] = {}
    details: dict[int, EntryDetail] = {}
    for entry_id, rows in per_entry.items():
        totals = [total for total, _points in rows]
        values = [t.total for t in totals]
        criterion_means = {
            rule.name: mean([points.get(rule.name, Decimal(0)) for _total, points in rows]) for rule in rules
        }
        results.append(
            EntryResult(
                entry_id=entry_id,
                score=entry_score(totals, group_weights=round_rules.group_weights or None),
                totals=tuple(values),
                criterion_means=criterion_means,
            )
        )
        outliers[entry_id] = outlier_judges(
            {t.judge_id: t.total for t in totals}, max_total=max_total, share=round_rules.outlier_share
        )
        details[entry_id] = EntryDetail(
            judge_totals={t.judge_id: t.total for t in totals},
            mean=mean(values),
            trimmed_mean=trimmed_mean(values),
            group_means=group_means(totals),
        )
    return RoundResults(
        ranked=rank(results, round_rules.tie_rules),
        outliers=outliers,
        max_total=max_total,
        rules=round_rules,
        details=details,
    )


# ---- 自评+考评 ---------------------------------------------------------------------------------------------


def self_sheet_of(entry: ReviewEntry) -> ScoreSheet | None:
    """The entry's self sheet (自评表) with its scores, or None before the entrant union first saved it."""
    return (
        ScoreSheet.objects.filter(entry=entry, is_self=True)
        .prefetch_related("scores", "scores__criterion")
        .first()
    )


def self_sheets(review_round: ReviewRound) -> QuerySet[ScoreSheet]:
    """Every self sheet of a round with its entry and scores."""
    return (
        ScoreSheet.objects.filter(round=review_round, is_self=True)
        .select_related("entry", "entry__entrant_org")
        .prefetch_related("scores", "scores__criterion")
    )


def entries_to_self_assess(user: Actor) -> QuerySet[ReviewEntry]:
    """The entries of open 自评+考评 rounds whose entrant union lies in the user's `reviews.manage` subtrees:
    the self-assessment work list."""
    return (
        ReviewEntry.objects.filter(round__mode=RoundMode.SELF_ASSESSED, round__status=RoundStatus.OPEN)
        .filter(scope_q(user, MANAGE, path_field="entrant_org__path"))
        .select_related("round", "round__org", "entrant_org")
        .order_by("-round__created_at", "round_id", "pk")
    )


def self_assessed_entry(user: Actor, entry_id: int) -> ReviewEntry | None:
    """An entry of an open or closed 自评+考评 round whose entrant union lies in the user's `reviews.manage`
    subtrees: its self sheet stays readable after the round closes (the 建家自评 notification links to it)."""
    return (
        ReviewEntry.objects.filter(
            pk=entry_id,
            round__mode=RoundMode.SELF_ASSESSED,
            round__status__in=(RoundStatus.OPEN, RoundStatus.CLOSED),
        )
        .filter(scope_q(user, MANAGE, path_field="entrant_org__path"))
        .select_related("round", "round__org", "entrant_org")
        .first()
    )


@dataclass(frozen=True)
class SelfAssessmentRow:
    """One entry × criterion of a 自评+考评 round: the submitted self score (None before it is submitted), the mean
    of the assessors' submitted scores (None before any), their difference, and whether it exceeds the round's gap
    share of the criterion's maximum (`limit`; a veto item whenever they differ)."""

    entry: ReviewEntry
    criterion: Criterion
    self_points: Decimal | None
    self_comment: str
    assessor_mean: Decimal | None
    assessor_count: int
    gap: Decimal | None
    limit: Decimal
    flagged: bool


def self_assessment_rows(review_round: ReviewRound) -> list[SelfAssessmentRow]:
    """Per entry (in the round's order) and criterion: self score beside the assessors' mean, the gap flagged by
    `aggregation.assessment_gaps` with the round's gap share. Submitted sheets only; a constant number of queries."""
    share = review_round.rules.gap_share
    criteria = list(Criterion.objects.filter(template_id=review_round.template_id))
    rules = [CriterionRule(c.name, c.max_points, c.weight, c.is_veto) for c in criteria]
    own: dict[int, dict[str, tuple[Decimal, str]]] = {}
    for sheet in self_sheets(review_round).filter(status=SheetStatus.SUBMITTED):
        own[sheet.entry_id] = {s.criterion.name: (s.points, s.comment) for s in sheet.scores.all()}
    assessed: dict[int, dict[str, list[Decimal]]] = {}
    for sheet in round_sheets(review_round).filter(status=SheetStatus.SUBMITTED):
        by_name = assessed.setdefault(sheet.entry_id, {})
        for score in sheet.scores.all():
            by_name.setdefault(score.criterion.name, []).append(score.points)
    rows: list[SelfAssessmentRow] = []
    for entry in ReviewEntry.objects.filter(round=review_round).select_related("entrant_org"):
        self_points = {name: points for name, (points, _comment) in own.get(entry.pk, {}).items()}
        means = {name: mean(values) for name, values in assessed.get(entry.pk, {}).items() if values}
        flagged = {gap.criterion for gap in assessment_gaps(self_points, means, rules, share=share)}
        for criterion in criteria:
            mine = self_points.get(criterion.name)
            theirs = means.get(criterion.name)
            rows.append(
                SelfAssessmentRow(
                    entry=entry,
                    criterion=criterion,
                    self_points=mine,
                    self_comment=own.get(entry.pk, {}).get(criterion.name, (Decimal(0), ""))[1],
                    assessor_mean=theirs,
                    assessor_count=len(assessed.get(entry.pk, {}).get(criterion.name, [])),
                    gap=mine - theirs if mine is not None and theirs is not None else None,
                    limit=Decimal(0) if criterion.is_veto else share * criterion.max_points,
                    flagged=criterion.name in flagged,
                )
            )
    return rows


# ---- reads the organiser's and the entrant union's pages share ---------------------------------------------


def template_criteria(template_id: int) -> QuerySet[Criterion]:
    """A score-sheet template's criteria in order (the template was read through `visible_to` first)."""
    return Criterion.objects.filter(template_id=template_id)


def self_sheets_by_entry(entries: Sequence[ReviewEntry]) -> dict[int, ScoreSheet]:
    """The self sheets (自评表) of these entries, by entry id, in one query."""
    return {sheet.entry_id: sheet for sheet in ScoreSheet.objects.filter(entry__in=entries, is_self=True)}


def is_judge(user: Actor) -> bool:
    """Does the user judge in any round (the 我的评审 link on the organiser's list)?"""
    return Judge.objects.filter(user_id=user.pk).exists()


def judge_candidates(user: Actor, review_round: ReviewRound) -> QuerySet[User]:
    """Accounts the organiser may see in the round's union and below (a 评委 grant, a cadre, a member), minus the
    round's judges."""
    path = review_round.org.path
    inside = User.objects.filter(
        Q(grants__org__path__startswith=path) | Q(member__org__path__startswith=path)
    )
    return (
        users_visible_to(user, MANAGE)
        .filter(pk__in=inside.values("pk"), is_active=True)
        .exclude(pk__in=Judge.objects.filter(round=review_round).values("user_id"))
        .order_by("name", "username")
    )
