"""Writes of the anonymous-response store: open, submit, flush the buffer, close.

How an answer travels, and why it cannot be traced back to its member:

1. `response_submit` first records the `Participation` (member, day, receipt code) in one transaction, under a lock
   on the owner's `Collection` (a closed owner, a second answer and a member outside the population are refused
   there).
2. In a second, separate transaction it puts the answer into the buffer (`PendingAnswer`: random key, no member, no
   date). Two transactions, because a row remembers the transaction that wrote it (PostgreSQL's `xmin`): written
   together, the participation and the answer would carry the same transaction id.
3. When ten or more answers of the owner are pending, the flush moves them all to `AnonymousAnswer` in one
   transaction: shuffled (`_shuffler`, a `random.SystemRandom`), under fresh random keys, with the day of the flush
   as their only date, and deletes the buffer rows. The batch shares one transaction, one date and no order.
4. Closing (`responses_close`, or `responses_flush(force=True)`) writes what is left. A last batch smaller than ten
   would point at the few who took part after the previous flush (their participation dates say who they are),
   so the forced flush tops it up: it takes already written answers of the owner at random, deletes them and
   writes them again, shuffled, with the rest — the last batch is never smaller than ten when ten answered.

What the store does not hide: someone watching the database live sees each buffer row arrive right after its
participation, and PostgreSQL keeps deleted buffer rows on disk until VACUUM. The store protects the stored state,
the logs and the cache; no logging here names a member together with an answer or its key.

The participation row and the answer are both the member's own doing, so submission writes no audit or timeline
row (either would put a time beside the member); closing is audited."""

import random
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.members.models import Member

from .choices import CollectionStatus, QuestionKind
from .coarsening import MIN_GROUP, answer_attributes
from .kinds import Question, ResponseKind, kind_for, owner_fields
from .models import AnonymousAnswer, Collection, Participation, PendingAnswer

FLUSH_AT = MIN_GROUP
TEXT_MAX = 500
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out over the phone
RECEIPT_LENGTH = 12  # 12 × 5 = 60 random bits

# The shuffle of every flush. Tests may put a seeded `random.Random` here to make a batch's order reproducible.
_shuffler: random.Random = random.SystemRandom()


def answers_clean(questions: list[Question], answers: dict[str, Any]) -> dict[str, Any]:
    """The answers to keep, checked against the owner's questions: a single choice is one of the options, a
    multiple choice a list of them (in the options' order), a text at most 500 characters. Keys that are no
    question are dropped; a required question left empty is an error naming it."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for question in questions:
        value = answers.get(question.key)
        if question.kind == QuestionKind.MULTIPLE:
            chosen = {value} if isinstance(value, str) else set(value or ())
            if not chosen <= set(question.options):
                errors[question.key] = f"“{question.text}”的选项无效"
                continue
            picked = [option for option in question.options if option in chosen]
            if picked:
                cleaned[question.key] = picked
        elif question.kind == QuestionKind.SINGLE:
            if value not in ("", None) and value not in question.options:
                errors[question.key] = f"“{question.text}”的选项无效"
                continue
            if value:
                cleaned[question.key] = value
        else:
            text = str(value or "").strip()
            if len(text) > TEXT_MAX:
                errors[question.key] = f"“{question.text}”最多{TEXT_MAX}字"
                continue
            if text:
                cleaned[question.key] = text
        if question.required and question.key not in cleaned:
            errors[question.key] = f"请回答“{question.text}”"
    if errors:
        raise ValidationError(errors)
    return cleaned


def _collection_locked(kind: ResponseKind, owner: models.Model) -> Collection:
    fields = owner_fields(kind, owner)
    collection, _ = Collection.objects.get_or_create(**fields)
    return lock(Collection, pk=collection.pk)


def receipt_code_new() -> str:
    """A fresh receipt code (12 characters that read out unambiguously over the phone), for owner apps that give
    receipts of their own (a named survey's answer)."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def response_submit(*, owner: models.Model, member: Member, answers: dict[str, Any]) -> Participation:
    """Record that `member` took part and buffer their answer; returns the participation, whose `receipt_code` the
    member keeps (it names the participation, never the answer). Refused: a closed owner, a second response of the
    same member (ValidationError), a member outside the owner's population (PermissionDenied).

    Deliberately two transactions, not one `@transaction.atomic`: see the module docstring. Call it outside any
    transaction of your own, or the two become one."""
    kind = kind_for(owner)
    cleaned = answers_clean(list(kind.questions(owner)), answers)
    today = timezone.localdate()
    with transaction.atomic():
        collection = _collection_locked(kind, owner)
        if collection.status == CollectionStatus.CLOSED:
            raise ValidationError("本次收集已结束，不能再提交")
        if not kind.population(owner).filter(pk=member.pk).exists():
            raise PermissionDenied("您不在本次收集的范围内")
        fields = owner_fields(kind, owner)
        if Participation.objects.filter(**fields, member=member).exists():
            raise ValidationError("您已经提交过，每人只能提交一次")
        attributes = answer_attributes(kind=kind, owner=owner, member=member, today=today)
        try:
            with transaction.atomic():
                participation = Participation.objects.create(
                    **fields, member=member, taken_on=today, receipt_code=receipt_code_new()
                )
        except IntegrityError as exc:  # the same member's second request, a moment later
            raise ValidationError("您已经提交过，每人只能提交一次") from exc
    with transaction.atomic():
        collection = _collection_locked(kind, owner)
        PendingAnswer.objects.create(**fields, answers=cleaned, attributes=attributes)
        # closed between the two transactions: the answer must not stay in the buffer
        _flush(kind, owner, force=collection.status == CollectionStatus.CLOSED)
    return participation


def _flush(kind: ResponseKind, owner: models.Model, *, force: bool) -> int:
    fields = owner_fields(kind, owner)
    pending = list(PendingAnswer.objects.filter(**fields).values_list("pk", "answers", "attributes"))
    if not pending or (len(pending) < FLUSH_AT and not force):
        return 0
    batch = [(answers, attributes) for _, answers, attributes in pending]
    if len(batch) < FLUSH_AT:
        written = list(AnonymousAnswer.objects.filter(**fields).values_list("pk", "answers", "attributes"))
        top_up = _shuffler.sample(written, min(FLUSH_AT - len(batch), len(written)))
        AnonymousAnswer.objects.filter(pk__in=[pk for pk, _, _ in top_up]).delete()
        batch += [(answers, attributes) for _, answers, attributes in top_up]
    _shuffler.shuffle(batch)
    today = timezone.localdate()
    AnonymousAnswer.objects.bulk_create(
        AnonymousAnswer(**fields, recorded_on=today, answers=answers, attributes=attributes)
        for answers, attributes in batch
    )
    PendingAnswer.objects.filter(pk__in=[pk for pk, _, _ in pending]).delete()
    return len(pending)


@transaction.atomic
def responses_flush(*, owner: models.Model, force: bool = False) -> int:
    """Write the owner's buffered answers when ten or more are pending, or whatever is pending with `force` (the
    close of the collection); returns how many left the buffer."""
    kind = kind_for(owner)
    _collection_locked(kind, owner)
    return _flush(kind, owner, force=force)


@transaction.atomic
def responses_open(*, owner: models.Model) -> Collection:
    """Open the owner's collection before anyone answered, so the members it concerns find it on their portal home
    (待填写). The owner app calls it when it publishes the survey or ballot; an already open or closed collection is
    returned unchanged (idempotent). A first response opens it too. Not audited: the owner app audits its publish."""
    kind = kind_for(owner)
    collection, _ = Collection.objects.get_or_create(**owner_fields(kind, owner))
    return collection


@transaction.atomic
def responses_close(
    *, owner: models.Model, actor: Actor | None, context: AuditContext | None = None
) -> Collection:
    """End the owner's collection: no more responses, and the buffer is written out (`force`). `actor` None is the
    owner app's own scheduled close (its window ended); a person must be allowed by the kind's `can_manage`."""
    kind = kind_for(owner)
    if actor is not None and not kind.can_manage(actor, owner):
        raise PermissionDenied
    collection = _collection_locked(kind, owner)
    if collection.status == CollectionStatus.CLOSED:
        raise ValidationError("本次收集已经结束")
    collection.status = CollectionStatus.CLOSED
    collection.closed_on = timezone.localdate()
    collection.save(update_fields=["status", "closed_on"])
    _flush(kind, owner, force=True)
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        summary=f"结束匿名答卷收集：{kind.label}「{kind.owner_label(owner)}」",
        actor=actor,
        context=context,
        subject=owner,
    )
    return collection
