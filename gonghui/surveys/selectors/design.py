"""Selectors of part design: the console's surveys (through `visible_to` / `get_visible_or_404`), the unions and
target lists a cadre may choose, the reproducible sample plan, who is asked and who has answered, who may still be
reminded, the attribute preview (how many of the population keep their coarse attributes) and the surveys due to
close."""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action
from gonghui.members.models import Member, TargetList
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org
from gonghui.responses.choices import Attribute
from gonghui.responses.coarsening import kept_cells, member_cells
from gonghui.responses.selectors import participant_ids

from ..choices import ResponseStatus, SurveyQuestionKind, SurveyStatus, TargetKind
from ..models import Survey, SurveyQuestion
from ..permissions import MANAGE, VIEW
from ..population import filter_candidates, survey_population

CONDITION_KINDS = (SurveyQuestionKind.SINGLE, SurveyQuestionKind.MULTIPLE, SurveyQuestionKind.SCALE)


# --- console reads ------------------------------------------------------------------------------------------------
def surveys_for_user(
    user: Any, *, q: str = "", status: str = "", mode: str = "", year: int | None = None
) -> QuerySet[Survey]:
    """The surveys the user may see, newest first, each with its question count; `q` searches title, topic and
    intro, `year` is the year the survey opens (or was created, when it has no window yet)."""
    surveys = (
        Survey.objects.visible_to(user, VIEW)
        .select_related("org")
        .annotate(question_count=Count("questions"))
        .order_by("-published_at", "-created_at", "-pk")
    )
    if q.strip():
        text = q.strip()
        surveys = surveys.filter(
            Q(title__icontains=text) | Q(topic__icontains=text) | Q(intro__icontains=text)
        )
    if status:
        surveys = surveys.filter(status=status)
    if mode:
        surveys = surveys.filter(mode=mode)
    if year:
        surveys = surveys.filter(Q(opens_at__year=year) | Q(opens_at__isnull=True, created_at__year=year))
    return surveys


def survey_for_user(user: Any, public_id: Any) -> Survey:
    return Survey.objects.select_related("org", "target_list", "created_by").get_visible_or_404(
        user, VIEW, public_id=public_id
    )


def survey_orgs(user: Any) -> QuerySet[Org]:
    """The unions the user may start a survey for."""
    return Org.objects.visible_to(user, MANAGE).filter(status=OrgStatus.ACTIVE).order_by("path")


def may_manage(user: Any, survey: Survey) -> bool:
    return has_action(user, MANAGE, survey.org)


def target_list_choices(user: Any, survey: Survey | None = None) -> QuerySet[TargetList]:
    """The 名单 the user may address: lists of the unions the user manages surveys for (the service keeps those of
    the survey's union or above, and only the list's members inside the survey's subtree are asked), and the list a
    survey the user manages already addresses (it may be a union's above)."""
    paths = list(survey_orgs(user).values_list("path", flat=True))
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(org__path__startswith=path)
    if survey is not None and survey.target_list_id:
        scope |= Q(pk=survey.target_list_id)
    return TargetList.objects.filter(scope).select_related("org").order_by("org__path", "-created_at", "-pk")


def questions_of(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.order_by("order", "pk"))


def year_choices() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year + 1, this_year - 8, -1))


# --- sampling -----------------------------------------------------------------------------------------------------
def grassroots_union(org: Org, unions_by_path: dict[str, Org]) -> Org:
    """The 基层工会 ancestor-or-self of `org` (the deepest one, should several be nested), or `org` itself when there
    is none (a member registered straight at a county union is drawn from that union)."""
    found = org
    for depth in range(1, len(org.path) // Org.steplen + 1):
        candidate = unions_by_path.get(org.path[: Org.steplen * depth])
        if candidate is not None and candidate.level == OrgLevel.GRASSROOTS:
            found = candidate
    return found


def sample_plan(survey: Survey, seed: str) -> dict[Org, list[int]]:
    """{grassroots union: member ids} drawing `survey.sample_per_union` (or all, when fewer) of the filter's
    candidates per grassroots union, with `random.Random(f"{seed}:{union.code}")` over the union's candidates
    sorted by pk: the same seed over the same candidates draws the same members. Unions in path order."""
    size = survey.sample_per_union or 0
    candidates = list(filter_candidates(survey).order_by("pk").values_list("pk", "org__path"))
    prefixes = {
        path[: Org.steplen * depth]
        for _, path in candidates
        for depth in range(1, len(path) // Org.steplen + 1)
    }
    unions_by_path = {org.path: org for org in Org.objects.filter(path__in=prefixes)}
    grouped: dict[Org, list[int]] = {}
    for member_id, path in candidates:
        union = grassroots_union(unions_by_path[path], unions_by_path)
        grouped.setdefault(union, []).append(member_id)
    plan: dict[Org, list[int]] = {}
    for union in sorted(grouped, key=lambda o: o.path):
        ids = grouped[union]
        drawn = ids if len(ids) <= size else random.Random(f"{seed}:{union.code}").sample(ids, size)  # noqa: S311
        plan[union] = sorted(drawn)
    return plan


# --- who is asked -------------------------------------------------------------------------------------------------
def expected_population(survey: Survey) -> QuerySet[Member]:
    """Who the survey asks, or would ask if published now: a sample not yet drawn counts as if drawn (the size
    does not depend on the seed)."""
    if survey.target_kind == TargetKind.SAMPLE and survey.sampled_at is None:
        ids = [pk for members in sample_plan(survey, "preview").values() for pk in members]
        return Member.objects.filter(pk__in=ids)
    return survey_population(survey)


def answered_member_ids(survey: Survey) -> Any:
    """The ids of the members who answered (a values queryset): the store's participations for an anonymous survey,
    submitted responses for a named one. Never what they answered."""
    if survey.is_anonymous:
        return participant_ids(survey)
    return survey.responses.filter(status=ResponseStatus.SUBMITTED).values("member_id")


@dataclass(frozen=True)
class PopulationCounts:
    asked: int
    with_account: int
    answered: int
    unanswered_with_account: int


def population_counts(survey: Survey) -> PopulationCounts:
    population = expected_population(survey)
    answered = 0
    unanswered = 0
    with_account = population.filter(user__isnull=False).count()
    if survey.status != SurveyStatus.DRAFT:
        answered = population.filter(pk__in=answered_member_ids(survey)).count()
        unanswered = reminder_recipients(survey).count()
    return PopulationCounts(
        asked=population.count(),
        with_account=with_account,
        answered=answered,
        unanswered_with_account=unanswered,
    )


def reminder_recipients(survey: Survey) -> QuerySet[User]:
    """The user accounts of the population's members who have not answered yet."""
    members = survey_population(survey).exclude(pk__in=answered_member_ids(survey))
    return User.objects.filter(pk__in=members.filter(user__isnull=False).values("user_id"), is_active=True)


# --- attributes ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AttributePreview:
    population: int
    kept: int
    attributes: tuple[str, ...]

    @property
    def pooled(self) -> int:
        return self.population - self.kept


def attribute_preview(survey: Survey) -> AttributePreview:
    """按当前对象，N 人中 M 人的属性可保留：the population (as `expected_population`) split into cells of the chosen
    attributes the way the store splits it on the day of an answer; M is the people in the kept cells."""
    chosen = set(survey.attributes or ())
    attributes = tuple(attribute for attribute in Attribute if attribute.value in chosen)
    members = expected_population(survey)
    cells = member_cells(
        attributes=attributes, unit_depth=survey.unit_depth, members=members, today=timezone.localdate()
    )
    sizes = Counter(cells)
    kept = kept_cells(sizes) if attributes else set()
    return AttributePreview(
        population=len(cells),
        kept=sum(size for cell, size in sizes.items() if cell in kept),
        attributes=tuple(str(attribute.label) for attribute in attributes),
    )


# --- scheduled ----------------------------------------------------------------------------------------------------
def surveys_due_to_close(now: dt.datetime) -> QuerySet[Survey]:
    return Survey.objects.filter(status=SurveyStatus.OPEN, closes_at__lte=now).order_by("pk")
