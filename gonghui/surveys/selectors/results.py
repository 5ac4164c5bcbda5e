"""The results of a survey: who was asked and who answered (by union too, participation only), per-question
results and cross-tabs — one rule for every view and export: no group of fewer than ten answers is ever shown.

Where the answers come from:
- 匿名: the anonymous-response store (`responses.selectors.closed_answers`): the answers with the coarse attributes
  the survey kept, only once the collection is closed and at least ten were written (counts while open: the
  store's rule, see its module docstring).
- 实名: the submitted `SurveyResponse` rows, live (the same minimum of ten answers); the cross-tab attributes are
  read from the members themselves (`responses.coarsening.member_cells`, today's values).

The minimum cell:
- nothing per question is shown for a survey with fewer than ten answers (`SurveyResults.shown` False);
- a question answered by fewer than ten (skip logic) shows its count only, no distribution, no texts;
- in a cross-tab every value held by fewer than ten answers is pooled into 其他, and when 其他 is still under ten
  the smallest shown groups join it (`coarsening.kept_cells`, the store's own rule);
- free text is listed only for a question (or a cross-tab group) with at least ten answers, without identity and
  sorted, so the order tells nothing of who wrote what.
Participation by union (asked, answered) is a count of people: shown with `core.statistics.shown_count`."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.accounts.scoping import has_action
from gonghui.core.statistics import MIN_CELL, shown_count
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.responses.choices import Attribute
from gonghui.responses.coarsening import OTHER, kept_cells, member_cells
from gonghui.responses.selectors import closed_answers, is_closed, participant_ids

from ..choices import ResponseStatus, SurveyQuestionKind, SurveyStatus
from ..kind import survey_attributes
from ..models import Survey, SurveyQuestion, SurveyResponse
from ..permissions import MANAGE, VIEW
from ..population import survey_population
from ..questions import matrix_key, scale_points

TEXTS_SHOWN = 200
# The cross-tabs of a named survey, read from the members (an anonymous survey has only the attributes it kept).
NAMED_ATTRIBUTES = (
    Attribute.UNIT,
    Attribute.INDUSTRY,
    Attribute.AGE_BAND,
    Attribute.JOB_CATEGORY,
    Attribute.EMPLOYMENT,
)

Answers = dict[str, Any]


@dataclass(frozen=True)
class OptionShare:
    """An option (a scale's point) with its count and percent; `note` names a scale's end points (很小, 很大)."""

    option: str
    count: int
    percent: int
    note: str = ""


@dataclass(frozen=True)
class MatrixRow:
    """One row of a matrix question: its label, how many answered it, the share of each column."""

    label: str
    answered: int
    options: list[OptionShare]


@dataclass(frozen=True)
class QuestionResult:
    """One question's result. `options`: single / multiple / scale points (percent of those who answered the
    question; a multiple's shares add up to more than 100); `mean`: a scale's mean point; `texts`: a text question's
    answers (sorted; only when ten or more answered); `rows`: a matrix's rows. `shown` False: answered by fewer than
    ten, nothing but the count is shown."""

    key: str
    label: str
    kind: str
    answered: int
    options: list[OptionShare]
    mean: float | None
    texts: list[str]
    rows: list[MatrixRow] = field(default_factory=list)
    shown: bool = True

    @property
    def kind_label(self) -> str:
        return str(SurveyQuestionKind(self.kind).label)

    @property
    def answered_shown(self) -> str:
        return shown_count(self.answered)


@dataclass(frozen=True)
class SurveyResults:
    """`shown` False: an anonymous survey still collecting, or fewer than ten answers — `questions` is then []."""

    survey: Survey
    asked: int
    answered: int
    shown: bool
    questions: list[QuestionResult]

    @property
    def rate(self) -> int:
        return round(100 * self.answered / self.asked) if self.asked else 0

    @property
    def answered_shown(self) -> str:
        return shown_count(self.answered)

    @property
    def why_hidden(self) -> str:
        """Why nothing per question is shown (empty when it is)."""
        if self.shown:
            return ""
        if self.survey.status == SurveyStatus.DRAFT:
            return "问卷尚未发布，还没有答卷"
        if (
            self.survey.is_anonymous
            and self.survey.status == SurveyStatus.OPEN
            and not is_closed(self.survey)
        ):
            return (
                "匿名问卷在收集结束后才显示结果（收集期间只显示参与人数），以免从结果的变化推断出个人的答案"
            )
        return f"答卷不足{MIN_CELL}份，为保护填写人，不显示结果"


# --- reading ------------------------------------------------------------------------------------------------------
def survey_for_results(user: Any, public_id: Any) -> Survey:
    """A survey visible to the user for `surveys.view` (404 otherwise)."""
    survey: Survey = get_object_or_404(
        Survey.objects.visible_to(user, VIEW).select_related("org"), public_id=public_id
    )
    return survey


def can_export_names(user: Any, survey: Survey) -> bool:
    """The named answers (a named survey only) leave the platform only for holders of surveys.manage."""
    return not survey.is_anonymous and has_action(user, MANAGE, survey.org)


def _questions(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.order_by("order", "pk"))


def _named_responses(survey: Survey) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)


def _answer_rows(survey: Survey) -> list[tuple[Answers, dict[str, str]]]:
    """(answers, attributes) of an anonymous survey once it may be shown; a named survey's answers with no
    attributes (see `_named_rows` for its cross-tabs)."""
    if survey.is_anonymous:
        return closed_answers(survey)
    return [(answers, {}) for answers in _named_responses(survey).values_list("answers", flat=True)]


def answered_count(survey: Survey) -> int:
    """Who took part: the store's participations (anonymous) or the submitted responses (named)."""
    if survey.is_anonymous:
        return int(participant_ids(survey).count())
    return _named_responses(survey).count()


def _share(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def _chosen(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)] if value not in (None, "") else []


def _scale_notes(question: SurveyQuestion) -> dict[str, str]:
    labels = [str(label) for label in (question.scale_labels or [])][:2]
    if len(labels) != 2:  # [low, high]
        return {}
    return {str(question.scale_min): labels[0], str(question.scale_max): labels[1]}


def _choice_result(question: SurveyQuestion, answers: Sequence[Answers]) -> QuestionResult:
    options = scale_points(question) if question.kind == SurveyQuestionKind.SCALE else tuple(question.options)
    answered = [a for a in answers if _chosen(a.get(question.key))]
    counts: Counter[str] = Counter()
    for answer in answered:
        counts.update(_chosen(answer.get(question.key)))
    shown = len(answered) >= MIN_CELL
    mean = None
    if question.kind == SurveyQuestionKind.SCALE and shown:
        points = [int(v) for a in answered for v in _chosen(a.get(question.key)) if v.lstrip("-").isdigit()]
        mean = round(sum(points) / len(points), 2) if points else None
    notes = _scale_notes(question) if question.kind == SurveyQuestionKind.SCALE else {}
    shares = (
        [OptionShare(o, counts[o], _share(counts[o], len(answered)), notes.get(o, "")) for o in options]
        if shown
        else []
    )
    return QuestionResult(
        question.key, question.text, question.kind, len(answered), shares, mean, [], shown=shown
    )


def _matrix_result(question: SurveyQuestion, answers: Sequence[Answers]) -> QuestionResult:
    rows: list[MatrixRow] = []
    for number, label in enumerate(question.rows, start=1):
        key = matrix_key(question, number)
        values = [str(a[key]) for a in answers if a.get(key)]
        counts = Counter(values)
        rows.append(
            MatrixRow(
                label,
                len(values),
                [OptionShare(o, counts[o], _share(counts[o], len(values))) for o in question.options],
            )
        )
    answered = sum(
        1 for a in answers if any(a.get(matrix_key(question, n)) for n in range(1, len(question.rows) + 1))
    )
    shown = answered >= MIN_CELL
    return QuestionResult(
        question.key,
        question.text,
        question.kind,
        answered,
        [],
        None,
        [],
        rows=rows if shown else [],
        shown=shown,
    )


def _text_result(question: SurveyQuestion, answers: Sequence[Answers]) -> QuestionResult:
    texts = [str(a[question.key]).strip() for a in answers if str(a.get(question.key) or "").strip()]
    shown = len(texts) >= MIN_CELL
    return QuestionResult(
        question.key,
        question.text,
        question.kind,
        len(texts),
        [],
        None,
        sorted(texts)[:TEXTS_SHOWN] if shown else [],
        shown=shown,
    )


def question_result(question: SurveyQuestion, answers: Sequence[Answers]) -> QuestionResult:
    """One question over a set of answers (all of them, or one cross-tab group)."""
    if question.kind == SurveyQuestionKind.MATRIX:
        return _matrix_result(question, answers)
    if question.kind == SurveyQuestionKind.TEXT:
        return _text_result(question, answers)
    return _choice_result(question, answers)


def survey_results(survey: Survey) -> SurveyResults:
    """The survey's results as every view, export, report and other part reads them (the analysis, a project's
    report). `shown` False — an anonymous survey still collecting, or fewer than ten answers — leaves `questions`
    empty. Decides no permission: the caller has scoped the survey."""
    asked = survey_population(survey).count() if survey.status != SurveyStatus.DRAFT else 0
    answered = answered_count(survey)
    rows = _answer_rows(survey)
    answers = [a for a, _ in rows]
    shown = len(answers) >= MIN_CELL
    questions = [question_result(q, answers) for q in _questions(survey)] if shown else []
    return SurveyResults(survey, asked, answered, shown, questions)


# --- participation by union ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnionRow:
    """Who was asked and who took part in one union below the survey's (or the survey's own union for members
    directly in it). Counts of people: "<10" for 1–9; the rate only when both counts are shown."""

    name: str
    asked: int
    answered: int

    @property
    def asked_shown(self) -> str:
        return shown_count(self.asked)

    @property
    def answered_shown(self) -> str:
        return shown_count(self.answered)

    @property
    def rate_shown(self) -> str:
        if not self.asked or 0 < self.asked < MIN_CELL or 0 < self.answered < MIN_CELL:
            return "—"
        return f"{_share(self.answered, self.asked)}%"


def participation_by_union(survey: Survey) -> list[UnionRow]:
    """Asked and answered per union one level below the survey's union (participation only, never answers)."""
    if survey.status == SurveyStatus.DRAFT:
        return []
    root = survey.org
    depth = root.depth + 1
    width = Org.steplen * depth
    if survey.is_anonymous:
        took_part = set(participant_ids(survey).values_list("member_id", flat=True))
    else:
        took_part = set(_named_responses(survey).values_list("member_id", flat=True))
    asked: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    for member_id, path in survey_population(survey).values_list("pk", "org__path"):
        unit = path[:width] if len(path) >= width else root.path
        asked[unit] += 1
        answered[unit] += member_id in took_part
    names = dict(Org.objects.filter(path__in=list(asked)).values_list("path", "name"))
    rows = [UnionRow(names.get(unit, OTHER), asked[unit], answered[unit]) for unit in asked]
    return sorted(rows, key=lambda row: (-row.asked, row.name))


# --- cross-tabs ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CrossGroup:
    """One group of a cross-tab (a value of the attribute, or 其他): its answers and the question over them."""

    value: str
    answers: int
    result: QuestionResult


@dataclass(frozen=True)
class CrossTab:
    attribute: str
    label: str
    question: SurveyQuestion
    groups: list[CrossGroup]

    @property
    def columns(self) -> tuple[str, ...]:
        """The options of a choice question (a scale's points) — the table's columns."""
        if self.question.kind == SurveyQuestionKind.SCALE:
            return scale_points(self.question)
        return tuple(self.question.options)


def crosstab_attributes(survey: Survey) -> tuple[Attribute, ...]:
    """The attributes a survey's cross-tabs may use: the kept ones (anonymous) or the five of a named survey."""
    return survey_attributes(survey) if survey.is_anonymous else NAMED_ATTRIBUTES


def _named_rows(survey: Survey, attributes: tuple[Attribute, ...]) -> list[tuple[Answers, dict[str, str]]]:
    responses = list(_named_responses(survey).order_by("pk").values_list("member_id", "answers"))
    if not responses:
        return []
    members = Member.objects.filter(pk__in=[member_id for member_id, _ in responses]).order_by("pk")
    ids = list(members.values_list("pk", flat=True))
    cells = member_cells(
        attributes=attributes, unit_depth=survey.unit_depth, members=members, today=timezone.localdate()
    )
    by_member = {
        member_id: {str(a): v for a, v in zip(attributes, cell, strict=True)}
        for member_id, cell in zip(ids, cells, strict=True)
    }
    return [(answers, by_member.get(member_id, {})) for member_id, answers in responses]


AGE_BANDS = ("35岁以下", "35—44岁", "45—54岁", "55岁及以上")


def _groups(attribute: str, values: list[str]) -> tuple[list[str], set[str]]:
    """The groups to show of one attribute's values, in order (age bands by age, others the largest first; 其他
    last), and the values kept as themselves."""
    sizes = Counter(values)
    kept = {cell[0] for cell in kept_cells(Counter({(value,): size for value, size in sizes.items()}))}
    shown = {value if value in kept else OTHER for value in values}

    def position(value: str) -> tuple[bool, int, int, str]:
        age = AGE_BANDS.index(value) if attribute == Attribute.AGE_BAND and value in AGE_BANDS else 0
        return (value == OTHER, age, -sizes[value], value)

    return sorted(shown, key=position), kept


def survey_crosstabs(survey: Survey, attribute: str | None = None) -> list[CrossTab]:
    """For each cross-tab attribute (or only `attribute`) and each question, the question's result by the
    attribute's value; a value held by fewer than ten answers is pooled into 其他 (`kept_cells`). Empty when the
    results are not shown (see `survey_results`)."""
    attributes = crosstab_attributes(survey)
    rows = _named_rows(survey, attributes) if not survey.is_anonymous else closed_answers(survey)
    if len(rows) < MIN_CELL:
        return []
    labels = dict(Attribute.choices)
    questions = _questions(survey)
    tabs: list[CrossTab] = []
    for attr in attributes:
        if attribute and attr.value != attribute:
            continue
        values = [str(attrs.get(attr.value) or OTHER) for _, attrs in rows]
        order, kept = _groups(attr.value, values)
        grouped: dict[str, list[Answers]] = {value: [] for value in order}
        for (answers, _), value in zip(rows, values, strict=True):
            grouped[value if value in kept else OTHER].append(answers)
        for question in questions:
            groups = [
                CrossGroup(value, len(grouped[value]), question_result(question, grouped[value]))
                for value in order
            ]
            tabs.append(CrossTab(attr.value, str(labels[attr.value]), question, groups))
    return tabs
