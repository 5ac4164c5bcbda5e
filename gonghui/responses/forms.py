"""The answer form of a simple question list (single choice, multiple choice, text): one field per question, named
by the question's key, so a service error on a question lands on its field. Shape only: `services.answers_clean`
checks the answers again against the owner's questions."""

from typing import Any

from django import forms

from .choices import QuestionKind
from .kinds import Question


class AnswerForm(forms.Form):
    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, question in enumerate(questions, start=1):
            label = f"{number}. {question.text}"
            messages = {
                "required": f"请回答“{question.text}”",
                "invalid_choice": f"“{question.text}”的选项无效",
                "max_length": f"“{question.text}”最多500字",
            }
            choices = [(option, option) for option in question.options]
            field: forms.Field
            if question.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, error_messages=messages
                )
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=label, choices=choices, widget=forms.CheckboxSelectMultiple, error_messages=messages
                )
            else:
                field = forms.CharField(
                    label=label,
                    max_length=500,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    error_messages=messages,
                )
            field.required = question.required
            self.fields[question.key] = field
