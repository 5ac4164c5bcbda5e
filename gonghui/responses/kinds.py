"""The owner registry: each app whose surveys or ballots collect anonymous answers registers a `ResponseKind` in its
`ready()`:

    response_kinds.register("survey", ResponseKind(
        key="survey", label="问卷调查", owner_model="surveys.survey",
        population=lambda survey: Member.objects.filter(...),       # who may answer (a Member queryset)
        questions=lambda survey: [Question("q1", "您对食堂满意吗", QuestionKind.SINGLE, ("满意", "不满意"))],
        attributes=(Attribute.GENDER, Attribute.AGE_BAND),           # coarse attributes kept on the answers
        can_manage=lambda user, survey: has_action(user, "surveys.manage", survey.org),
    ))

An owner is any model instance of `owner_model`; one kind per owner model, so `kind_for(owner)` finds it. When the
owner app publishes an owner it calls `services.responses_open(owner=…)`: from then on the members of its population
see 待填写 on their portal home until they answer or the collection closes.
`attributes` is an ordered choice from `choices.Attribute` (the only attributes the store can compute; see
`coarsening.py` for the rule that keeps them only in groups of at least ten people); `unit_depth` is the tree depth
of the union named by `Attribute.UNIT` (1 the city union, 2 a county union, 3 a grassroots union). A kind whose
owners choose their own (a survey's cross-tab attributes) gives `owner_attributes` / `owner_unit_depth`, read
through `attributes_of` / `unit_depth_of`. `answer_url` is the owner app's own answer page, when it has one (the
portal's 待填写 and 我的办理 link there instead of the store's generic page)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gonghui.core.registry import Registry

from .choices import Attribute, QuestionKind


@dataclass(frozen=True)
class Question:
    """One question of a simple question list: single choice, multiple choice or free text."""

    key: str
    text: str
    kind: QuestionKind = QuestionKind.SINGLE
    options: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class ResponseKind:
    key: str
    label: str
    owner_model: str  # "app_label.model"
    population: Callable[[Any], models.QuerySet[Any]]  # (owner) -> the Members who may answer
    questions: Callable[[Any], Sequence[Question]]  # (owner) -> the questions, in order
    can_manage: Callable[[Any, Any], bool]  # (user, owner) -> may see the results and close the collection?
    attributes: tuple[Attribute, ...] = ()
    unit_depth: int = 3
    owner_label: Callable[[Any], str] = str  # (owner) -> its title on pages
    order: int = 100
    owner_attributes: Callable[[Any], tuple[Attribute, ...]] | None = None  # (owner) -> its own attributes
    owner_unit_depth: Callable[[Any], int] | None = None  # (owner) -> its own unit depth
    answer_url: Callable[[Any], str] | None = None  # (owner) -> the owner app's answer page


def attributes_of(kind: ResponseKind, owner: Any) -> tuple[Attribute, ...]:
    """The coarse attributes kept on this owner's answers."""
    return kind.owner_attributes(owner) if kind.owner_attributes is not None else kind.attributes


def unit_depth_of(kind: ResponseKind, owner: Any) -> int:
    return kind.owner_unit_depth(owner) if kind.owner_unit_depth is not None else kind.unit_depth


response_kinds: Registry[ResponseKind] = Registry("response kind")


def kind_for(owner: models.Model) -> ResponseKind:
    """The kind registered for the owner's model (a programming error when there is none)."""
    label = owner._meta.label_lower
    for kind in response_kinds:
        if kind.owner_model == label:
            return kind
    raise LookupError(f"no response kind registered for {label}")


def owner_fields(kind: ResponseKind, owner: models.Model) -> dict[str, Any]:
    """The lookup naming an owner's rows in every table of the store."""
    return {
        "kind": kind.key,
        "content_type": ContentType.objects.get_for_model(owner),
        "object_id": str(owner.pk),
    }


def draft_key(kind: ResponseKind, owner: Any) -> str:
    """The localStorage key of the member's draft for one owner (the draft never leaves the device)."""
    return f"gonghui.responses.draft.{kind.key}.{owner.pk}"
