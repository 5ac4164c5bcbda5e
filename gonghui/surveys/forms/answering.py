"""Forms of part answering: the questionnaire as the member fills it in.

One field per question, named by its key (a matrix: one field per row, "<key>.<row>", and an empty anchor field
under the question's key that carries the question's error). The form only collects the posted answers into the
answer format of `questions.py` (`answers`); the services check them (skip logic, required, choices) and their
errors, keyed by question, land on the anchor fields. `blocks()` gives the template what it renders."""

import json
from dataclasses import dataclass, field
from typing import Any

from django import forms

from ..choices import SurveyQuestionKind
from ..models import SurveyQuestion
from ..questions import TEXT_MAX, matrix_key, scale_points

INTENT_SUBMIT = "submit"
INTENT_SAVE = "save"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool
    id: str


@dataclass(frozen=True)
class MatrixRow:
    name: str
    label: str
    choices: list[Choice]


@dataclass(frozen=True)
class QuestionBlock:
    question: SurveyQuestion
    choices: list[Choice] = field(default_factory=list)
    rows: list[MatrixRow] = field(default_factory=list)
    text: str = ""
    low_label: str = ""
    high_label: str = ""
    errors: list[str] = field(default_factory=list)
    show_if: str = ""  # JSON for the page's script; empty: always shown

    @property
    def id(self) -> str:
        return f"question-{self.question.key}"


def _dom_id(*parts: object) -> str:
    return "id_" + "_".join(str(part).replace(".", "_") for part in parts)


class SurveyAnswerForm(forms.Form):
    intent = forms.ChoiceField(
        choices=[(INTENT_SUBMIT, "提交"), (INTENT_SAVE, "保存，稍后继续")], required=False
    )

    def __init__(
        self, data: Any = None, *, questions: list[SurveyQuestion], answers: dict[str, Any] | None = None
    ) -> None:
        super().__init__(data)
        self.questions = questions
        self.initial_answers = answers or {}
        self.answers: dict[str, Any] = {}
        for question in questions:
            label = f"第{question.order}题"
            if question.kind == SurveyQuestionKind.MULTIPLE:
                self.fields[question.key] = forms.MultipleChoiceField(
                    label=label, required=False, choices=[(option, option) for option in question.options]
                )
            elif question.kind == SurveyQuestionKind.MATRIX:
                self.fields[question.key] = forms.CharField(label=label, required=False)
                for number, row in enumerate(question.rows, start=1):
                    self.fields[matrix_key(question, number)] = forms.CharField(
                        label=f"{label}（{row}）", required=False, max_length=200
                    )
            elif question.kind == SurveyQuestionKind.TEXT:
                self.fields[question.key] = forms.CharField(
                    label=label, required=False, max_length=TEXT_MAX, strip=True
                )
            else:
                self.fields[question.key] = forms.CharField(label=label, required=False, max_length=200)

    @property
    def wants_save(self) -> bool:
        return self.is_bound and self.data.get("intent") == INTENT_SAVE

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answers: dict[str, Any] = {}
        for question in self.questions:
            if question.kind == SurveyQuestionKind.MATRIX:
                for number in range(1, len(question.rows) + 1):
                    key = matrix_key(question, number)
                    if cleaned.get(key):
                        answers[key] = cleaned[key]
            elif cleaned.get(question.key):
                answers[question.key] = cleaned[question.key]
        self.answers = answers
        return cleaned

    # ---- rendering ----------------------------------------------------------------------------------------------
    def _value(self, name: str) -> Any:
        if self.is_bound:
            return self[name].value()
        return self.initial_answers.get(name)

    def blocks(self) -> list[QuestionBlock]:
        result = []
        for question in self.questions:
            errors = [str(error) for error in self.errors.get(question.key, [])] if self.is_bound else []
            show_if = json.dumps(question.show_if, ensure_ascii=False) if question.show_if else ""
            common: dict[str, Any] = {"question": question, "errors": errors, "show_if": show_if}
            if question.kind == SurveyQuestionKind.MATRIX:
                rows = []
                for number, row in enumerate(question.rows, start=1):
                    name = matrix_key(question, number)
                    value = self._value(name)
                    rows.append(
                        MatrixRow(
                            name,
                            row,
                            [
                                Choice(option, option, value == option, _dom_id(name, index))
                                for index, option in enumerate(question.options, start=1)
                            ],
                        )
                    )
                result.append(QuestionBlock(rows=rows, **common))
            elif question.kind == SurveyQuestionKind.TEXT:
                result.append(QuestionBlock(text=str(self._value(question.key) or ""), **common))
            elif question.kind == SurveyQuestionKind.MULTIPLE:
                values = self._value(question.key) or []
                chosen = {str(value) for value in (values if isinstance(values, list) else [values])}
                choices = [
                    Choice(option, option, option in chosen, _dom_id(question.key, index))
                    for index, option in enumerate(question.options, start=1)
                ]
                result.append(QuestionBlock(choices=choices, **common))
            elif question.kind == SurveyQuestionKind.SCALE:
                value = str(self._value(question.key) or "")
                labels = list(question.scale_labels or [])
                choices = [
                    Choice(point, point, value == point, _dom_id(question.key, point))
                    for point in scale_points(question)
                ]
                result.append(
                    QuestionBlock(
                        choices=choices,
                        low_label=str(labels[0]) if labels else "",
                        high_label=str(labels[1]) if len(labels) > 1 else "",
                        **common,
                    )
                )
            else:
                value = str(self._value(question.key) or "")
                choices = [
                    Choice(option, option, value == option, _dom_id(question.key, index))
                    for index, option in enumerate(question.options, start=1)
                ]
                result.append(QuestionBlock(choices=choices, **common))
        return result

    def error_list(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary at the top, in the questions' order."""
        if not self.is_bound:
            return []
        found: list[tuple[str, str]] = [("", str(error)) for error in self.non_field_errors()]
        for question in self.questions:
            names = [question.key]
            if question.kind == SurveyQuestionKind.MATRIX:
                names += [matrix_key(question, n) for n in range(1, len(question.rows) + 1)]
            for name in names:
                found += [(f"question-{question.key}", str(error)) for error in self.errors.get(name, [])]
        return found
