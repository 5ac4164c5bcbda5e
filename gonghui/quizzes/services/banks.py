"""Writes of question banks and questions: create and edit banks, questions by hand, and the confirmed
import of a parsed file (duplicates by stem skipped). Admin edits are audited."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext
from gonghui.orgs.models import Org

from ..choices import (
    BankAction,
)
from ..events import bank_event
from ..models import (
    Question,
    QuestionBank,
)
from ..parsing import ParseResult
from ..questions import difficulty_code, question_clean, stem_key
from ..selectors import bank_stem_keys
from .common import admin_edit_audit


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    skipped: int
    skipped_stems: list[str] = field(default_factory=list)


@transaction.atomic
def bank_create(
    *, org: Org, name: str, actor: Actor | None, description: str = "", shared_with_subtree: bool = False
) -> QuestionBank:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写题库名称"})
    if QuestionBank.objects.filter(org=org, name=name).exists():
        raise ValidationError({"name": f"{org.name}已有名为“{name}”的题库"})
    bank = QuestionBank.objects.create(
        org=org,
        name=name,
        description=description.strip(),
        shared_with_subtree=shared_with_subtree,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    bank_event(bank=bank, actor=actor, action=BankAction.CREATE, note=name)
    return bank


@transaction.atomic
def bank_update(
    *,
    bank: QuestionBank,
    name: str,
    description: str,
    shared_with_subtree: bool,
    actor: Actor,
    context: AuditContext | None = None,
) -> QuestionBank:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写题库名称"})
    if QuestionBank.objects.filter(org_id=bank.org_id, name=name).exclude(pk=bank.pk).exists():
        raise ValidationError({"name": f"本组织已有名为“{name}”的题库"})
    bank.name, bank.description, bank.shared_with_subtree = name, description.strip(), shared_with_subtree
    bank.save(update_fields=["name", "description", "shared_with_subtree", "updated_at"])
    note = "共享给下级工会" if shared_with_subtree else "不共享"
    bank_event(bank=bank, actor=actor, action=BankAction.EDIT, note=note)
    admin_edit_audit(
        actor, f"修改题库“{bank.name}”（{note}）", subject=bank, org_id=bank.org_id, context=context
    )
    return bank


def bank_get_or_create(*, org: Org, name: str, actor: Actor | None = None) -> QuestionBank:
    """The bank `name` of `org`, created when missing (used by `manage.py import_questions`)."""
    existing = QuestionBank.objects.filter(org=org, name=name.strip()).first()
    return existing or bank_create(org=org, name=name, actor=actor)


@transaction.atomic
def question_create(  # the question's fields
    *,
    bank: QuestionBank,
    actor: Actor | None,
    type: str,
    stem: str,
    options: Sequence[str],
    answer: str,
    explanation: str = "",
    category: str = "",
    difficulty: str = "",
    source: str = "",
) -> Question:
    stem, cleaned, answer = question_clean(type=type, stem=stem, options=options, answer=answer)
    key = stem_key(stem)
    if Question.objects.filter(bank=bank, stem_key=key).exists():
        raise ValidationError({"stem": "题库中已有相同题干的题目"})
    question = Question.objects.create(
        bank=bank,
        type=type,
        stem=stem,
        stem_key=key,
        options=cleaned,
        answer=answer,
        explanation=explanation.strip(),
        category=category.strip()[:50],
        difficulty=difficulty_code(difficulty),
        source=source.strip()[:200],
    )
    bank_event(bank=bank, actor=actor, action=BankAction.QUESTION_ADD, note=stem[:60])
    return question


@transaction.atomic
def question_update(  # the question's fields
    *,
    question: Question,
    actor: Actor,
    context: AuditContext | None = None,
    type: str,
    stem: str,
    options: Sequence[str],
    answer: str,
    explanation: str = "",
    category: str = "",
    difficulty: str = "",
    source: str = "",
) -> Question:
    stem, cleaned, answer = question_clean(type=type, stem=stem, options=options, answer=answer)
    key = stem_key(stem)
    if Question.objects.filter(bank_id=question.bank_id, stem_key=key).exclude(pk=question.pk).exists():
        raise ValidationError({"stem": "题库中已有相同题干的题目"})
    question.type, question.stem, question.stem_key = type, stem, key
    question.options, question.answer = cleaned, answer
    question.explanation, question.category = explanation.strip(), category.strip()[:50]
    question.difficulty, question.source = difficulty_code(difficulty), source.strip()[:200]
    question.save()
    bank_event(bank=question.bank, actor=actor, action=BankAction.QUESTION_EDIT, note=stem[:60])
    admin_edit_audit(
        actor, f"修改试题：{stem[:60]}", subject=question, org_id=question.bank.org_id, context=context
    )
    return question


@transaction.atomic
def question_set_active(*, question: Question, active: bool, actor: Actor) -> Question:
    question.is_active = active
    question.save(update_fields=["is_active", "updated_at"])
    label = "启用" if active else "停用"
    bank_event(
        bank=question.bank,
        actor=actor,
        action=BankAction.QUESTION_DISABLE,
        note=f"{label}：{question.stem[:50]}",
    )
    return question


@transaction.atomic
def questions_import(*, bank: QuestionBank, result: ParseResult, actor: Actor | None = None) -> ImportOutcome:
    """Add a parsed file's questions to the bank. A question whose normalised stem the bank (or the file, earlier)
    already holds is skipped and reported; a question that fails the bank's checks is skipped too."""
    seen = bank_stem_keys(bank)
    rows: list[Question] = []
    skipped: list[str] = []
    for parsed in result.questions:
        try:
            stem, options, answer = question_clean(
                type=parsed.type, stem=parsed.stem, options=parsed.options, answer=parsed.answer
            )
        except ValidationError:
            skipped.append(parsed.stem)
            continue
        key = stem_key(stem)
        if key in seen:
            skipped.append(parsed.stem)
            continue
        seen.add(key)
        rows.append(
            Question(
                bank=bank,
                type=parsed.type,
                stem=stem,
                stem_key=key,
                options=options,
                answer=answer,
                explanation=(parsed.explanation or "").strip(),
                category=(parsed.category or "").strip()[:50],
                difficulty=difficulty_code(parsed.difficulty),
                source=(parsed.source or "").strip()[:200],
            )
        )
    Question.objects.bulk_create(rows, batch_size=500)
    bank_event(
        bank=bank,
        actor=actor,
        action=BankAction.IMPORT,
        note=f"新增 {len(rows)} 题，跳过重复或不合格 {len(skipped)} 题",
    )
    return ImportOutcome(created=len(rows), skipped=len(skipped), skipped_stems=skipped)
