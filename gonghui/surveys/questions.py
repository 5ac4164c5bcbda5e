"""The answers of a survey, one format for every part, and how they meet the anonymous-response store.

Answers are a dict keyed by question key: 单选 "option"; 多选 ["option", …] in the options' order; 量表 the chosen
point as a string ("1" … "5"); 矩阵 one key per row, "<key>.<row number from 1>" → the chosen column; 填空 text.

Skip logic: a question with `show_if` {"question": k, "options": [...]} is shown only when question k's answer is
among the options (for a 多选, when any chosen option is). Only questions shown count: a hidden question is never
required and whatever it holds is dropped (`answers_for_survey`).

The store validates choices against `store_questions` — every question not required there, since what is required
depends on the skip logic this module applies first."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError

from gonghui.responses.choices import QuestionKind
from gonghui.responses.kinds import Question

from .choices import SurveyQuestionKind
from .models import SurveyQuestion

TEXT_MAX = 500


def scale_points(question: SurveyQuestion) -> tuple[str, ...]:
    return tuple(str(point) for point in range(question.scale_min, question.scale_max + 1))


def matrix_key(question: SurveyQuestion, row: int) -> str:
    """The answer key of a matrix row (`row` counts from 1)."""
    return f"{question.key}.{row}"


def store_questions(questions: Iterable[SurveyQuestion]) -> list[Question]:
    """The survey's questions as the store knows them: 量表 a single choice of its points, 矩阵 one single choice per
    row; none required (see the module docstring)."""
    stored: list[Question] = []
    for question in questions:
        if question.kind == SurveyQuestionKind.SCALE:
            stored.append(
                Question(question.key, question.text, QuestionKind.SINGLE, scale_points(question), False)
            )
        elif question.kind == SurveyQuestionKind.MATRIX:
            stored.extend(
                Question(
                    matrix_key(question, number),
                    f"{question.text}：{row}",
                    QuestionKind.SINGLE,
                    tuple(question.options),
                    False,
                )
                for number, row in enumerate(question.rows, start=1)
            )
        elif question.kind == SurveyQuestionKind.MULTIPLE:
            stored.append(
                Question(question.key, question.text, QuestionKind.MULTIPLE, tuple(question.options), False)
            )
        elif question.kind == SurveyQuestionKind.TEXT:
            stored.append(Question(question.key, question.text, QuestionKind.TEXT, (), False))
        else:
            stored.append(
                Question(question.key, question.text, QuestionKind.SINGLE, tuple(question.options), False)
            )
    return stored


def _chosen(value: Any) -> set[str]:
    if isinstance(value, list):
        return {str(item) for item in value}
    return {str(value)} if value not in (None, "") else set()


def shown_questions(questions: Sequence[SurveyQuestion], answers: dict[str, Any]) -> list[SurveyQuestion]:
    """The questions shown for these answers, in order. A condition on a question that is itself hidden (or later)
    is false, so a chain of conditions hides everything after a hidden link."""
    shown: list[SurveyQuestion] = []
    shown_keys: set[str] = set()
    for question in questions:
        condition = question.show_if or {}
        target = condition.get("question")
        wanted = set(condition.get("options") or ())
        if target and (target not in shown_keys or not _chosen(answers.get(target)) & wanted):
            continue
        shown.append(question)
        shown_keys.add(question.key)
    return shown


def _is_empty(question: SurveyQuestion, answers: dict[str, Any]) -> bool:
    if question.kind == SurveyQuestionKind.MATRIX:
        return any(
            not answers.get(matrix_key(question, number)) for number in range(1, len(question.rows) + 1)
        )
    value = answers.get(question.key)
    return value in (None, "", [])


def _label(question: SurveyQuestion) -> str:
    return f"第{question.order}题“{question.text}”"


def _keep(question: SurveyQuestion, answers: dict[str, Any], kept: dict[str, Any]) -> str:
    """Check one question's answer (a choice among the options, a scale point, a text of at most 500 characters)
    and copy it into `kept`; the error naming the question, or ""."""
    label = _label(question)
    if question.kind == SurveyQuestionKind.MATRIX:
        error = ""
        for number in range(1, len(question.rows) + 1):
            key = matrix_key(question, number)
            value = answers.get(key)
            if value in (None, ""):
                continue
            if value not in question.options:
                error = f"{label}的选项无效"
            else:
                kept[key] = value
        return error
    if question.kind == SurveyQuestionKind.MULTIPLE:
        chosen = _chosen(answers.get(question.key))
        if not chosen <= set(question.options):
            return f"{label}的选项无效"
        if chosen:
            kept[question.key] = [option for option in question.options if option in chosen]
        return ""
    if question.kind in (SurveyQuestionKind.SINGLE, SurveyQuestionKind.SCALE):
        value = answers.get(question.key)
        allowed = scale_points(question) if question.kind == SurveyQuestionKind.SCALE else question.options
        if value in (None, ""):
            return ""
        if str(value) not in allowed:
            return f"{label}的选项无效"
        kept[question.key] = str(value)
        return ""
    text = str(answers.get(question.key) or "").strip()
    if len(text) > TEXT_MAX:
        return f"{label}最多{TEXT_MAX}字"
    if text:
        kept[question.key] = text
    return ""


def answers_for_survey(questions: Sequence[SurveyQuestion], answers: dict[str, Any]) -> dict[str, Any]:
    """The answers to keep: only shown questions' keys, each checked (`_keep`; every row of a required matrix); a
    required shown question left empty is an error naming it ({question key: message}). Nothing else is kept."""
    errors: dict[str, str] = {}
    kept: dict[str, Any] = {}
    for question in shown_questions(questions, answers):
        error = _keep(question, answers, kept)
        if error:
            errors[question.key] = error
        elif question.required and _is_empty(question, kept):
            errors[question.key] = f"请回答{_label(question)}"
    if errors:
        raise ValidationError(errors)
    return kept


def answers_as_draft(questions: Sequence[SurveyQuestion], answers: dict[str, Any]) -> dict[str, Any]:
    """The answers of a saved draft: every valid answer kept (hidden questions' too, so a changed mind brings them
    back), nothing required yet; an invalid choice or a text over 500 characters is an error naming the question."""
    errors: dict[str, str] = {}
    kept: dict[str, Any] = {}
    for question in questions:
        error = _keep(question, answers, kept)
        if error:
            errors[question.key] = error
    if errors:
        raise ValidationError(errors)
    return kept
