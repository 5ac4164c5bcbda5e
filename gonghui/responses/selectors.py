"""Reads of the anonymous-response store: the owner named in an address, counts, a member's own participation,
results that never show a group of fewer than ten answers, and the member portal's 待填写 card and 我的办理 rows
(read from the collections, the populations and the member's participations only).

Results (tallies and breakdowns) are read from `AnonymousAnswer` only — never from the buffer — and only once the
owner's collection is closed. While it is open they move in flushed batches of ten or more, but the close writes
the last few answers; comparing the results just before and after the close would show those few, and the
participation dates say whose they are. So: counts while open, results after the close."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import MemberRequest, PortalCardItem
from gonghui.members.models import Member
from gonghui.members.selectors import member_for_user

from .choices import Attribute, CollectionStatus, QuestionKind
from .coarsening import MIN_GROUP, OTHER, kept_cells
from .kinds import Question, ResponseKind, attributes_of, kind_for, owner_fields, response_kinds
from .models import AnonymousAnswer, Collection, Participation, PendingAnswer

TEXTS_SHOWN = 50


def owner_get(kind_key: str, owner_id: str) -> tuple[ResponseKind, Any]:
    """The kind and the owner named in an address; 404 for an unknown kind or owner. Decides no permission."""
    if kind_key not in response_kinds:
        raise Http404
    kind = response_kinds.get(kind_key)
    model = apps.get_model(kind.owner_model)
    try:
        owner = model._default_manager.filter(pk=owner_id).first()
    except (ValueError, ValidationError):
        owner = None
    if owner is None:
        raise Http404
    return kind, owner


def collection_of(owner: models.Model) -> Collection | None:
    return Collection.objects.filter(**owner_fields(kind_for(owner), owner)).first()


def is_closed(owner: models.Model) -> bool:
    collection = collection_of(owner)
    return collection is not None and collection.status == CollectionStatus.CLOSED


def participation_of(*, owner: models.Model, member: Member) -> Participation | None:
    """The member's own participation (for their receipt), or None."""
    return Participation.objects.filter(**owner_fields(kind_for(owner), owner), member=member).first()


@dataclass(frozen=True)
class ResponseCounts:
    population: int
    participants: int
    answers: int
    pending: int
    closed: bool

    @property
    def rate(self) -> int:
        return round(100 * self.participants / self.population) if self.population else 0


def response_counts(*, owner: models.Model) -> ResponseCounts:
    kind = kind_for(owner)
    fields = owner_fields(kind, owner)
    return ResponseCounts(
        population=kind.population(owner).count(),
        participants=Participation.objects.filter(**fields).count(),
        answers=AnonymousAnswer.objects.filter(**fields).count(),
        pending=PendingAnswer.objects.filter(**fields).count(),
        closed=is_closed(owner),
    )


@dataclass(frozen=True)
class OptionCount:
    option: str
    count: int
    percent: int


@dataclass(frozen=True)
class QuestionTally:
    question: Question
    answered: int
    options: list[OptionCount] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def _option_counts(question: Question, answers: list[dict[str, Any]]) -> list[OptionCount]:
    counts: Counter[str] = Counter()
    for answer in answers:
        value = answer.get(question.key)
        counts.update(value if isinstance(value, list) else [value] if value else [])
    total = len(answers)
    return [
        OptionCount(option, counts[option], round(100 * counts[option] / total) if total else 0)
        for option in question.options
    ]


def closed_answers(owner: models.Model) -> list[tuple[dict[str, Any], dict[str, str]]]:
    """The owner's written answers with their coarse attributes, (answers, attributes) in the random key order,
    when results may be shown (closed, at least ten), else []. For owner apps that tally their own question kinds;
    they must keep to the same rule: no group of fewer than ten answers shown (`coarsening.kept_cells`)."""
    return _answers(kind_for(owner), owner)


def participant_ids(owner: models.Model) -> models.QuerySet[Any]:
    """The ids of the members who took part (a values queryset for `pk__in`): who may still be reminded. Never
    what they answered."""
    return Participation.objects.filter(**owner_fields(kind_for(owner), owner)).values("member_id")


def _answers(kind: ResponseKind, owner: models.Model) -> list[tuple[dict[str, Any], dict[str, str]]]:
    """The owner's answers when results may be shown (closed, at least ten), else []."""
    if not is_closed(owner):
        return []
    rows = list(
        AnonymousAnswer.objects.filter(**owner_fields(kind, owner)).values_list("answers", "attributes")
    )
    return rows if len(rows) >= MIN_GROUP else []


def question_tallies(*, owner: models.Model) -> list[QuestionTally]:
    """Per-question counts (choice questions) and up to 50 texts (text questions, in the answers' random key
    order); empty while the collection is open or when fewer than ten answered."""
    kind = kind_for(owner)
    answers = [answer for answer, _ in _answers(kind, owner)]
    if not answers:
        return []
    tallies = []
    for question in kind.questions(owner):
        answered = [a for a in answers if a.get(question.key)]
        if question.kind == QuestionKind.TEXT:
            texts = [str(a[question.key]) for a in answered][:TEXTS_SHOWN]
            tallies.append(QuestionTally(question, len(answered), texts=texts))
        else:
            tallies.append(QuestionTally(question, len(answered), options=_option_counts(question, answers)))
    return tallies


@dataclass(frozen=True)
class GroupRow:
    value: str
    answers: int
    options: list[OptionCount]


@dataclass(frozen=True)
class Breakdown:
    attribute: str
    question: Question
    rows: list[GroupRow]


def attribute_breakdowns(*, owner: models.Model) -> list[Breakdown]:
    """For each declared attribute and each choice question, the answers by the attribute's value. A value held by
    fewer than ten answers is pooled into 其他 with the other small ones; when that pool is still under ten, the
    smallest shown groups join it (`coarsening.kept_cells`, the same rule as for the population)."""
    kind = kind_for(owner)
    rows = _answers(kind, owner)
    if not rows:
        return []
    labels = dict(Attribute.choices)
    breakdowns = []
    for attribute in attributes_of(kind, owner):
        values = [str(attributes.get(attribute, OTHER)) for _, attributes in rows]
        kept = {cell[0] for cell in kept_cells(Counter((value,) for value in values))}
        grouped: dict[str, list[dict[str, Any]]] = {}
        for (answer, _), value in zip(rows, values, strict=True):
            grouped.setdefault(value if value in kept else OTHER, []).append(answer)
        order = sorted(grouped, key=lambda value: (value == OTHER, value))
        for question in kind.questions(owner):
            if question.kind == QuestionKind.TEXT:
                continue
            group_rows = [
                GroupRow(value, len(grouped[value]), _option_counts(question, grouped[value]))
                for value in order
            ]
            breakdowns.append(Breakdown(str(labels[attribute]), question, group_rows))
    return breakdowns


def results_for(*, owner: models.Model) -> dict[str, Any]:
    """The context of `responses/partials/results.html`: counts, tallies and breakdowns of one owner."""
    return {
        "counts": response_counts(owner=owner),
        "tallies": question_tallies(owner=owner),
        "breakdowns": attribute_breakdowns(owner=owner),
    }


# ---- the member portal: the home's 待办 (`core.registry.portal_cards`) and 我的办理 (`member_requests`) ----------
# Both read who may answer and who took part — never an answer, pending or written.

POPULATION_CHECKS_PER_QUERY = 100  # owners whose population is checked in one UNION ALL (SQLite allows 500)


def _owners(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[ResponseKind, Any]]:
    """(kind key, object id) → (kind, owner), one query per kind; unregistered kinds and deleted owners drop out."""
    ids_by_kind: dict[str, set[str]] = {}
    for kind_key, object_id in pairs:
        if kind_key in response_kinds:
            ids_by_kind.setdefault(kind_key, set()).add(object_id)
    found: dict[tuple[str, str], tuple[ResponseKind, Any]] = {}
    for kind_key, ids in ids_by_kind.items():
        kind = response_kinds.get(kind_key)
        model = apps.get_model(kind.owner_model)
        try:
            owners = model._default_manager.in_bulk(list(ids))
        except (ValueError, ValidationError):
            continue
        for pk, owner in owners.items():
            found[(kind_key, str(pk))] = (kind, owner)
    return found


def _in_populations(member: Member, candidates: list[tuple[ResponseKind, Any]]) -> set[tuple[str, str]]:
    """Which of the owners' populations hold the member: one UNION ALL query per 100 owners."""
    inside: set[tuple[str, str]] = set()
    for start in range(0, len(candidates), POPULATION_CHECKS_PER_QUERY):
        checks = [
            kind.population(owner)
            .filter(pk=member.pk)
            .order_by()
            .annotate(responses_owner=models.Value(f"{kind.key}:{owner.pk}", output_field=models.CharField()))
            .values_list("responses_owner", flat=True)
            for kind, owner in candidates[start : start + POPULATION_CHECKS_PER_QUERY]
        ]
        first, *rest = checks
        for tag in first.union(*rest, all=True).order_by() if rest else first:
            kind_key, _, object_id = str(tag).partition(":")
            inside.add((kind_key, object_id))
    return inside


def open_for_member(member: Member) -> list[tuple[ResponseKind, Any]]:
    """The owners whose collection is open, whose population holds the member and in which the member has not
    taken part, in the kinds' order. Reads `Collection` and the member's own `Participation` (one query), the owners
    (one per kind) and the populations (one per 100 owners). An owner whose collection has not been opened
    (`services.responses_open`) or answered yet has no `Collection` row and is not listed."""
    taken = Participation.objects.filter(
        kind=models.OuterRef("kind"),
        content_type=models.OuterRef("content_type"),
        object_id=models.OuterRef("object_id"),
        member=member,
    )
    pairs = list(
        Collection.objects.filter(status=CollectionStatus.OPEN, kind__in=response_kinds.keys())
        .exclude(models.Exists(taken))
        .order_by("kind", "object_id")
        .values_list("kind", "object_id")
    )
    owners = _owners(pairs)
    candidates = [owners[pair] for pair in pairs if pair in owners]
    if not candidates:
        return []
    inside = _in_populations(member, candidates)
    listed = [(kind, owner) for kind, owner in candidates if (kind.key, str(owner.pk)) in inside]
    return sorted(listed, key=lambda pair: pair[0].order)


def participations_of_member(member: Member) -> list[tuple[Participation, ResponseKind, Any]]:
    """The member's own participations with their kinds and owners, newest first (one query, plus one per kind)."""
    rows = list(Participation.objects.filter(member=member).order_by("-taken_on", "receipt_code"))
    owners = _owners([(row.kind, row.object_id) for row in rows])
    return [(row, *owners[(row.kind, row.object_id)]) for row in rows if (row.kind, row.object_id) in owners]


def _answer_url(kind: ResponseKind, owner: Any) -> str:
    if kind.answer_url is not None:
        return kind.answer_url(owner)
    return reverse("responses:answer", args=[kind.key, owner.pk])


def response_todo_items(user: Any) -> list[PortalCardItem]:
    """待办 for the portal home: "待填写：<owner>" for each open collection the signed-in member may still answer
    (`open_for_member`); nothing for someone without a member record."""
    member = member_for_user(user)
    if member is None:
        return []
    return [
        PortalCardItem(
            title=f"待填写：{kind.owner_label(owner)}",
            url=_answer_url(kind, owner),
            detail=f"{kind.label} · 匿名",
            icon="edit",
        )
        for kind, owner in open_for_member(member)
    ]


def response_requests_for_user(user: Any) -> list[MemberRequest]:
    """我的办理: the member's participations (已提交, with the receipt code); the answer page shows the receipt."""
    member = member_for_user(user)
    if member is None:
        return []
    zone = timezone.get_current_timezone()
    return [
        MemberRequest(
            kind=kind.label,
            title=f"{kind.owner_label(owner)}（回执码 {row.receipt_code}）",
            status="已提交",
            url=_answer_url(kind, owner),
            submitted_at=dt.datetime.combine(row.taken_on, dt.time.min, tzinfo=zone),
        )
        for row, kind, owner in participations_of_member(member)
    ]
