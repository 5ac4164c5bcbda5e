"""PostgreSQL: 20 concurrent submits of one attempt give one graded result (real threads, real row locks)."""

import pytest

from gonghui.core.models import TimelineEntry
from gonghui.quizzes.choices import AttemptStatus, SubmitReason
from gonghui.quizzes.models import ActivityResult, Attempt, Question
from gonghui.quizzes.services import attempt_answer_save, attempt_start, attempt_submit

from .factories import right

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
THREADS = 20


def test_twenty_concurrent_submits_of_one_attempt_grade_once(quiz, run_concurrently):
    # given an attempt with three right answers
    attempt = attempt_start(activity=quiz.activity, member=quiz.world.member_a)
    questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    for qid in attempt.question_ids[:3]:
        attempt_answer_save(attempt=attempt, question_id=qid, chosen=right(questions[qid]))
    stale = Attempt.objects.get(pk=attempt.pk)  # every request read the attempt while it was still open
    # when
    results, errors = run_concurrently(
        *[lambda: attempt_submit(attempt=stale, reason=SubmitReason.MANUAL) for _ in range(THREADS)]
    )
    # then
    assert errors == []
    assert len(results) == THREADS
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.correct_count) == (AttemptStatus.SUBMITTED, 30, 3)
    result = ActivityResult.objects.get(activity=quiz.activity, member=quiz.world.member_a)
    assert (result.attempts, result.score) == (1, 30)
    assert TimelineEntry.objects.filter(object_id=str(attempt.pk), action="submit").count() == 1
    assert {r.score for r in results} == {30}
