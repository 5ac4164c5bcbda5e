"""Question helpers (no writes): the option letters and limits of a bank question, the duplicate key of a stem,
difficulty words, the shape check of one question, drawing an attempt's paper from the activity's banks, and the
check of a posted choice against the stored paper. The services and the forms use them."""

import hashlib
import random
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError

from .choices import Difficulty, QuestionType
from .models import Attempt, Question, QuizActivity
from .parsing import stem_key as stem_text

LETTERS = "ABCDEFGH"
MIN_OPTIONS, MAX_OPTIONS = 2, 8


def stem_key(stem: str) -> str:
    """The normalised stem (width, case, spaces, punctuation ignored: `parsing.stem_key`) as a fixed-length key."""
    return hashlib.sha256(stem_text(stem).encode()).hexdigest()


def difficulty_code(value: str) -> str:
    value = (value or "").strip()
    for choice in Difficulty:
        if value in (choice.value, str(choice.label)):
            return str(choice.value)
    return {
        "易": "easy",
        "简单": "easy",
        "较易": "easy",
        "中": "medium",
        "一般": "medium",
        "难": "hard",
        "较难": "hard",
    }.get(value, "")


def question_clean(
    *, type: str, stem: str, options: Sequence[str], answer: str
) -> tuple[str, list[str], str]:
    """Check one question's shape; returns (stem, options, answer) tidied, or raises with Chinese messages
    keyed by field."""
    stem = stem.strip()
    if type not in QuestionType.values:
        raise ValidationError({"type": "请选择题型（单选题、多选题或判断题）"})
    if not stem:
        raise ValidationError({"stem": "请填写题干"})
    answer = answer.strip()
    if type == QuestionType.JUDGE:
        if answer not in ("true", "false"):
            raise ValidationError({"answer": "判断题的答案须为“正确”或“错误”"})
        return stem, [], answer
    cleaned = [o.strip() for o in options]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    if len(cleaned) < MIN_OPTIONS or len(cleaned) > MAX_OPTIONS or not all(cleaned):
        raise ValidationError({"options": f"选择题须有 {MIN_OPTIONS}–{MAX_OPTIONS} 个选项，且选项不能为空"})
    letters = "".join(sorted(set(answer.upper().replace(",", "").replace("，", "").replace(" ", ""))))
    valid = LETTERS[: len(cleaned)]
    if not letters or any(ch not in valid for ch in letters):
        raise ValidationError({"answer": f"答案须是选项字母 {valid[0]}–{valid[-1]} 中的字母"})
    if type == QuestionType.SINGLE and len(letters) != 1:
        raise ValidationError({"answer": "单选题只能有一个正确答案"})
    if type == QuestionType.MULTIPLE and len(letters) < 2:
        raise ValidationError({"answer": "多选题至少有两个正确答案"})
    return stem, cleaned, letters


def attempt_draw(
    activity: QuizActivity, *, rng: random.Random | None = None
) -> tuple[list[int], dict[str, Any]]:
    """Draw the paper: per rule `count` questions of its category (no question twice), optionally shuffled;
    each choice question gets its option order. Returns (question ids, {id: {"type", "order"}})."""
    rng = rng or random.Random()  # noqa: S311 - not security-relevant
    pool = Question.objects.filter(bank__in=activity.banks.all(), is_active=True)
    picked: list[int] = []
    for rule in activity.draw_rules:
        count = int(rule.get("count", 0))
        if count <= 0:
            continue
        category = str(rule.get("category", ""))
        candidates = pool.filter(category=category) if category else pool
        ids = sorted(set(candidates.values_list("id", flat=True)) - set(picked))
        if len(ids) < count:
            raise ValidationError(f"题库中“{category or '不限分类'}”的题目不足 {count} 题，请联系活动组织者")
        chosen = rng.sample(ids, count)
        picked.extend(chosen if activity.shuffle_questions else sorted(chosen))
    if activity.shuffle_questions:
        rng.shuffle(picked)
    orders: dict[str, Any] = {}
    for qid, qtype, options in Question.objects.filter(id__in=picked).values_list("id", "type", "options"):
        order = list(range(len(options)))
        if activity.shuffle_options and qtype != QuestionType.JUDGE:
            rng.shuffle(order)
        orders[str(qid)] = {"type": qtype, "order": order}
    return picked, orders


def answer_values(attempt: Attempt, question_id: int, chosen: Sequence[str]) -> str:
    """Check the posted choice against the stored paper and return it in canonical form ("" clears it)."""
    spec = attempt.option_orders.get(str(question_id))
    if spec is None:
        raise ValidationError("该题不在本次答卷中")
    values = [c.strip() for c in chosen if c and c.strip()]
    if spec["type"] == QuestionType.JUDGE:
        if len(values) > 1 or any(v not in ("true", "false") for v in values):
            raise ValidationError("判断题请选择“正确”或“错误”")
        return values[0] if values else ""
    letters = "".join(sorted({v.upper() for v in values}))
    valid = LETTERS[: len(spec["order"])]
    if any(ch not in valid for ch in letters):
        raise ValidationError("所选选项不存在")
    if spec["type"] == QuestionType.SINGLE and len(letters) > 1:
        raise ValidationError("单选题只能选一个选项")
    return letters
