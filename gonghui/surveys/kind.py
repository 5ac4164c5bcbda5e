"""The survey as an owner of the anonymous-response store (`gonghui.responses`): an anonymous survey's
participations and answers live there. Registered once from `apps.py`; named surveys never touch the store."""

from typing import Any

from django.urls import reverse

from gonghui.accounts.scoping import has_action
from gonghui.responses.choices import Attribute
from gonghui.responses.kinds import ResponseKind, response_kinds

from .models import Survey
from .permissions import MANAGE
from .population import survey_population
from .questions import store_questions

KIND = "survey"


def survey_attributes(survey: Survey) -> tuple[Attribute, ...]:
    """The survey's chosen cross-tab attributes, in the order of `Attribute` (unknown keys dropped)."""
    chosen = set(survey.attributes or ())
    return tuple(attribute for attribute in Attribute if attribute.value in chosen)


def _can_manage(user: Any, survey: Survey) -> bool:
    return has_action(user, MANAGE, survey.org)


def register_survey_kind() -> None:
    if KIND in response_kinds:
        return
    response_kinds.register(
        KIND,
        ResponseKind(
            key=KIND,
            label="问卷调查",
            owner_model="surveys.survey",
            population=survey_population,
            questions=lambda survey: store_questions(survey.questions.all()),
            can_manage=_can_manage,
            owner_label=lambda survey: survey.title,
            order=20,
            owner_attributes=survey_attributes,
            owner_unit_depth=lambda survey: survey.unit_depth,
            answer_url=lambda survey: reverse("surveys_portal:answer", args=[survey.public_id]),
        ),
    )
