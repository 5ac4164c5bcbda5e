"""Reads of 建家考评: the assessments a user sees (`honours.view` on the running union's subtree: search, year,
status), one of them (404 outside, 403 without `demand`), its units with their self-check status and totals
(`home_units`), what a grassroots cadre has to self-assess (`home_self_checks_for_user`), and the scores other
modules read:

- `home_scores(org, year)` — for evaluations (量化评价): every unit in `org`'s subtree of that year's closed
  assessments run by `org` or a union above it, with its self total, its assessor total (the judges' mean by the
  round's rules) and the gap (self − assessor; None while either is missing);
- `year_home_scores(year)` — the same for every unit of the year's closed assessments (量化评价's indicator source);
- `latest_home_score(org)` — for the 模范职工之家 nomination page: the union's totals in its latest closed
  assessment, or None.

A self total counts the submitted self sheet only, an assessor total the submitted judges' sheets only; a ticked
一票否决 item makes a total zero (`reviews.aggregation.sheet_total`)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from gonghui.accounts.actors import Actor, Visitor
from gonghui.accounts.models import RoleGrant, User
from gonghui.core.registry import roles
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org
from gonghui.reviews.aggregation import CriterionRule, sheet_total
from gonghui.reviews.choices import SheetStatus
from gonghui.reviews.models import Judge, ReviewEntry, ReviewRound, ScoreSheetTemplate
from gonghui.reviews.selectors import (
    criterion_rules,
    entries_to_self_assess,
    round_results,
    self_assessment_rows,
    self_sheets,
    self_sheets_by_entry,
)

from ..choices import HomeAssessmentStatus
from ..models import HomeAssessment
from ..permissions import MANAGE, VIEW

REVIEWS_MANAGE = "reviews.manage"  # what the reviews 自评 pages ask of the entrant union's cadre
SCORE_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class HomeFilters:
    query: str = ""
    year: int | None = None
    status: str = ""


def home_assessments_for_user(user: Visitor, filters: HomeFilters | None = None) -> QuerySet[HomeAssessment]:
    """The assessments run in the user's `honours.view` subtrees, newest year first, filtered."""
    filters = filters or HomeFilters()
    found = HomeAssessment.objects.visible_to(user, VIEW).select_related("org")
    if filters.query:
        found = found.filter(Q(title__icontains=filters.query) | Q(org__name__icontains=filters.query))
    if filters.year:
        found = found.filter(year=filters.year)
    if filters.status:
        found = found.filter(status=filters.status)
    return found.order_by("-year", "-created_at", "-pk")


def home_years_for_user(user: Visitor) -> list[int]:
    years = HomeAssessment.objects.visible_to(user, VIEW).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def home_for_user_or_404(user: Visitor, pk: int, *, demand: str | None = None) -> HomeAssessment:
    """One assessment the user sees (else 404); with `demand` the user must hold it on the running union (else
    403): `honours.manage` there runs it."""
    return HomeAssessment.objects.select_related("org", "review_round", "created_by").get_visible_or_404(
        user, VIEW, demand=demand, pk=pk
    )


def home_orgs_managed_by(user: Visitor) -> QuerySet[Org]:
    """The active unions where the user may run a 建家 assessment (组织单位 choices)."""
    return Org.objects.visible_to(user, MANAGE).filter(status=OrgStatus.ACTIVE).order_by("path")


def home_templates_for_user(user: Visitor) -> QuerySet[ScoreSheetTemplate]:
    """The score-sheet templates the user may score an assessment on (those of the unions where they manage
    reviews; reviews.round_create allows no others)."""
    return (
        ScoreSheetTemplate.objects.visible_to(user, REVIEWS_MANAGE)
        .select_related("org")
        .order_by("org__path", "name")
    )


def standard_template_of(org: Org, name: str) -> ScoreSheetTemplate | None:
    """The union's own template of that name (its 建家 standard), the oldest if several."""
    return ScoreSheetTemplate.objects.filter(org=org, name=name).order_by("pk").first()


def _console_codes(action: str) -> list[str]:
    return [role.code for role in roles if role.console and not role.object_only and role.allows(action)]


def assessor_candidates_for_user(user: Visitor) -> QuerySet[User]:
    """Cadres (any console role, 评委 included) granted on a union the user runs assessments for: the 考评人 choices
    of the create form (the service keeps those of the assessment's union)."""
    orgs = home_orgs_managed_by(user)
    codes = [role.code for role in roles if role.console and not role.object_only]
    return (
        User.objects.filter(grants__org__in=orgs, grants__role__in=codes, is_active=True)
        .distinct()
        .order_by("name", "username")
    )


def _assessor_users(assessment: HomeAssessment) -> QuerySet[User]:
    codes = [role.code for role in roles if role.console and not role.object_only]
    return User.objects.filter(grants__org_id=assessment.org_id, grants__role__in=codes, is_active=True)


def assessor_candidates(assessment: HomeAssessment) -> QuerySet[User]:
    """考评人 candidates: active users holding a console role on the assessment's union itself, not yet judging."""
    found = _assessor_users(assessment)
    if assessment.review_round_id is not None:
        found = found.exclude(
            pk__in=Judge.objects.filter(round_id=assessment.review_round_id).values("user_id")
        )
    return found.distinct().order_by("name", "username")


def assessor_candidate_ids(assessment: HomeAssessment) -> set[int]:
    """The users who may be the assessment's 考评人 (a console role on its union itself)."""
    return set(_assessor_users(assessment).values_list("pk", flat=True))


def home_assessors(assessment: HomeAssessment) -> list[Judge]:
    """The assessment's 考评人 (its round's judges) with their users."""
    if assessment.review_round_id is None:
        return []
    return list(
        Judge.objects.filter(round_id=assessment.review_round_id).select_related("user").order_by("pk")
    )


def home_entrant_org_ids(review_round: ReviewRound) -> set[int]:
    return set(ReviewEntry.objects.filter(round=review_round).values_list("entrant_org_id", flat=True))


def home_unit_candidates(assessment: HomeAssessment, *, grassroots_only: bool = False) -> QuerySet[Org]:
    """The active unions below the assessment's union not yet in it (the 参评单位 picker); `grassroots_only`: the
    基层工会 among them (the "all grassroots unions below" choice)."""
    found = (
        Org.objects.filter(path__startswith=assessment.org.path, status=OrgStatus.ACTIVE)
        .exclude(pk=assessment.org_id)
        .order_by("path")
    )
    if assessment.review_round_id is not None:
        found = found.exclude(
            pk__in=ReviewEntry.objects.filter(round_id=assessment.review_round_id).values("entrant_org_id")
        )
    if grassroots_only:
        found = found.filter(level=OrgLevel.GRASSROOTS)
    return found


def unit_cadres(org_ids: Iterable[int]) -> dict[int, list[User]]:
    """Per union (by id) the active users whose role on that union itself lets them fill its self sheet."""
    found: dict[int, list[User]] = {}
    grants = RoleGrant.objects.filter(
        org_id__in=list(org_ids), role__in=_console_codes(REVIEWS_MANAGE), user__is_active=True
    )
    for grant in grants.select_related("user").order_by("org_id", "user_id"):
        bucket = found.setdefault(grant.org_id, [])
        if grant.user not in bucket:
            bucket.append(grant.user)
    return found


# ---- a unit's totals ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeScore:
    """One union's totals in one closed (or running) assessment."""

    assessment: HomeAssessment
    org: Org
    entry_id: int
    self_total: Decimal | None
    assessor_total: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        if self.self_total is None or self.assessor_total is None:
            return None
        return self.self_total - self.assessor_total


def _round_totals(review_round: ReviewRound) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """(self totals, assessor totals) by entry id, from submitted sheets only."""
    rules: Sequence[CriterionRule] = criterion_rules(review_round)
    own: dict[int, Decimal] = {}
    for sheet in self_sheets(review_round).filter(status=SheetStatus.SUBMITTED):
        points = {score.criterion.name: score.points for score in sheet.scores.all()}
        own[sheet.entry_id] = sheet_total(points, rules).quantize(SCORE_PLACES)
    assessed = {
        ranked.result.entry_id: ranked.result.score.quantize(SCORE_PLACES)
        for ranked in round_results(review_round).ranked
    }
    return own, assessed


@dataclass(frozen=True)
class HomeUnitRow:
    """A unit of an assessment on its page: the entry, its self sheet (None before the first save), the totals and
    whether any criterion's self score and assessors' mean differ beyond the round's gap share."""

    entry: ReviewEntry
    self_sheet: Any
    self_total: Decimal | None
    assessor_total: Decimal | None
    assessor_count: int
    flagged: bool

    @property
    def gap(self) -> Decimal | None:
        if self.self_total is None or self.assessor_total is None:
            return None
        return self.self_total - self.assessor_total


def home_units(assessment: HomeAssessment) -> list[HomeUnitRow]:
    """The assessment's units in order with their self-check status, totals and gap flag (a constant number of
    queries)."""
    if assessment.review_round_id is None:
        return []
    review_round = ReviewRound.objects.select_related("org").get(pk=assessment.review_round_id)
    entries = list(
        ReviewEntry.objects.filter(round=review_round)
        .select_related("entrant_org")
        .order_by("entrant_org__path")
    )
    sheets = self_sheets_by_entry(entries)
    own, assessed = _round_totals(review_round)
    flagged: set[int] = set()
    counts: dict[int, int] = {}
    for row in self_assessment_rows(review_round):
        if row.flagged:
            flagged.add(row.entry.pk)
        counts[row.entry.pk] = max(counts.get(row.entry.pk, 0), row.assessor_count)
    return [
        HomeUnitRow(
            entry=entry,
            self_sheet=sheets.get(entry.pk),
            self_total=own.get(entry.pk),
            assessor_total=assessed.get(entry.pk),
            assessor_count=counts.get(entry.pk, 0),
            flagged=entry.pk in flagged,
        )
        for entry in entries
    ]


def _scores_of(assessments: Sequence[HomeAssessment], *, under: Org | None = None) -> list[HomeScore]:
    found: list[HomeScore] = []
    rounds = {r.pk: r for r in ReviewRound.objects.filter(pk__in=[a.review_round_id for a in assessments])}
    for assessment in assessments:
        review_round = rounds.get(assessment.review_round_id or 0)
        if review_round is None:
            continue
        own, assessed = _round_totals(review_round)
        entries = ReviewEntry.objects.filter(round=review_round).select_related("entrant_org")
        if under is not None:
            entries = entries.filter(entrant_org__path__startswith=under.path)
        for entry in entries.order_by("entrant_org__path"):
            found.append(
                HomeScore(
                    assessment=assessment,
                    org=entry.entrant_org,
                    entry_id=entry.pk,
                    self_total=own.get(entry.pk),
                    assessor_total=assessed.get(entry.pk),
                )
            )
    return found


def home_scores(org: Org, year: int) -> list[HomeScore]:
    """What evaluations read: for each unit in `org`'s subtree of `year`'s closed assessments run by `org` or a
    union above it, the self total, the assessor total and the gap (`HomeScore.gap`). No user scoping: the caller
    already decided the user may read `org`'s evaluation."""
    assessments = list(
        HomeAssessment.objects.filter(
            year=year, status=HomeAssessmentStatus.CLOSED, org__path__in=org.ancestor_paths()
        )
        .select_related("org")
        .order_by("org__path", "pk")
    )
    return _scores_of(assessments, under=org)


def year_home_scores(year: int) -> list[HomeScore]:
    """Every unit of `year`'s closed assessments, whoever ran them, with its totals — what 量化评价 reads for many
    unions at once (honours.home_score). A fixed number of queries per assessment, none per unit."""
    assessments = list(
        HomeAssessment.objects.filter(year=year, status=HomeAssessmentStatus.CLOSED)
        .select_related("org")
        .order_by("org__path", "pk")
    )
    return _scores_of(assessments)


def latest_home_score(org: Org) -> HomeScore | None:
    """The union's self and assessor totals in its latest closed assessment (by year, then the latest closed), or
    None when it has none — what the 模范职工之家 nomination page shows."""
    assessment = (
        HomeAssessment.objects.filter(
            status=HomeAssessmentStatus.CLOSED,
            review_round__entries__entrant_org=org,
        )
        .select_related("org")
        .order_by("-year", "-updated_at", "-pk")
        .first()
    )
    if assessment is None:
        return None
    scores = [score for score in _scores_of([assessment]) if score.org.pk == org.pk]
    return scores[0] if scores else None


# ---- the grassroots union's side ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SelfCheckRow:
    """An entry the user's union has to self-assess in an open 建家 assessment of a union above it."""

    entry: ReviewEntry
    assessment: HomeAssessment
    self_sheet: Any


def home_self_checks_for_user(user: Actor) -> list[SelfCheckRow]:
    """本单位待自评: the entries of open 建家 assessments whose union the user may self-assess for
    (`reviews.entries_to_self_assess`, which the reviews 自评 pages use too), with each entry's assessment — read
    beyond the user's view of the running union, since the entry is the user's own — and self sheet."""
    home_type = ContentType.objects.get_for_model(HomeAssessment)
    entries = list(entries_to_self_assess(user).filter(round__owner_type=home_type))
    by_round: Mapping[int, HomeAssessment] = {
        assessment.review_round_id or 0: assessment
        for assessment in HomeAssessment.objects.filter(
            review_round_id__in=[entry.round_id for entry in entries]
        ).select_related("org")
    }
    sheets = self_sheets_by_entry(entries)
    return [
        SelfCheckRow(entry=entry, assessment=by_round[entry.round_id], self_sheet=sheets.get(entry.pk))
        for entry in entries
        if entry.round_id in by_round
    ]
