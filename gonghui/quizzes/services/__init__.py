"""Writes of 网上答题 / 网上练兵, one module per part: `banks` (banks and questions, manual and imported),
`activities` (create, edit, publish, cancel, notify, remind), `attempts` (start, save an answer, submit once,
time-out, the per-member result row, certificates) and `practice` (练兵 with its wrong-answer book). Keyword-only,
actor explicit, one transaction each. The public names are re-exported here, so callers write
`services.attempt_start` or `from gonghui.quizzes.services import attempt_start`. Question helpers (letters, stem
keys, the shape check, drawing a paper, checking a choice) are in `quizzes.questions`, an activity's entry rules (IP
ranges, the level of the day) in `quizzes.rules`."""

from .activities import (
    NOTIFY_CHUNK,
    SPEC_FIELDS,
    ActivitySpec,
    activities_open_notify_due,
    activity_cancel,
    activity_create,
    activity_open_notify,
    activity_publish,
    activity_remind,
    activity_update,
)
from .attempts import (
    WRONG_CLEAR_STREAK,
    AttemptClosed,
    attempt_answer_save,
    attempt_focus_lost,
    attempt_limits_check,
    attempt_start,
    attempt_submit,
    attempts_expire_due,
    quiz_certificate_issue,
    result_refresh,
    wrong_answers_record,
)
from .banks import (
    ImportOutcome,
    bank_create,
    bank_get_or_create,
    bank_update,
    question_create,
    question_set_active,
    question_update,
    questions_import,
)
from .practice import practice_answer

__all__ = [
    "NOTIFY_CHUNK",
    "SPEC_FIELDS",
    "WRONG_CLEAR_STREAK",
    "ActivitySpec",
    "AttemptClosed",
    "ImportOutcome",
    "activities_open_notify_due",
    "activity_cancel",
    "activity_create",
    "activity_open_notify",
    "activity_publish",
    "activity_remind",
    "activity_update",
    "attempt_answer_save",
    "attempt_focus_lost",
    "attempt_limits_check",
    "attempt_start",
    "attempt_submit",
    "attempts_expire_due",
    "bank_create",
    "bank_get_or_create",
    "bank_update",
    "practice_answer",
    "question_create",
    "question_set_active",
    "question_update",
    "questions_import",
    "quiz_certificate_issue",
    "result_refresh",
    "wrong_answers_record",
]
