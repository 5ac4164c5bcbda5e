"""Writes of 网上练兵: a practice answer updates the member's mastery row and the wrong-answer book."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.members.models import Member

from ..choices import QuestionType
from ..models import (
    PracticeStat,
    Question,
    WrongAnswer,
)
from .attempts import WRONG_CLEAR_STREAK


@transaction.atomic
def practice_answer(*, member: Member, question: Question, chosen: Sequence[str]) -> bool:
    """Grade one practice answer; update mastery for the category and the wrong-answer book."""
    if question.type == QuestionType.JUDGE:
        value = chosen[0] if chosen else ""
    else:
        value = "".join(sorted({c.upper() for c in chosen if c}))
    if not value:
        raise ValidationError("请选择答案")
    correct = value == question.answer
    now = timezone.now()
    stat, _ = PracticeStat.objects.get_or_create(member=member, category=question.category or "未分类")
    PracticeStat.objects.filter(pk=stat.pk).update(
        answered=F("answered") + 1, correct=F("correct") + int(correct)
    )
    wrong = WrongAnswer.objects.select_for_update().filter(member=member, question=question).first()
    if not correct:
        if wrong is None:
            WrongAnswer.objects.create(member=member, question=question, wrong_count=1, last_at=now)
        else:
            wrong.wrong_count, wrong.right_streak, wrong.last_at = wrong.wrong_count + 1, 0, now
            wrong.save(update_fields=["wrong_count", "right_streak", "last_at"])
    elif wrong is not None:
        if wrong.right_streak + 1 >= WRONG_CLEAR_STREAK:
            wrong.delete()
        else:
            wrong.right_streak, wrong.last_at = wrong.right_streak + 1, now
            wrong.save(update_fields=["right_streak", "last_at"])
    return correct
