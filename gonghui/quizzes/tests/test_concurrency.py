"""PostgreSQL: 20 concurrent submits of one attempt give one graded result; members passing at once get one
certificate each, numbered without gaps (real threads, real row locks)."""

import pytest

from gonghui.certificates.selectors import certificates_of_owner
from gonghui.core.models import TimelineEntry
from gonghui.quizzes.choices import AttemptStatus, SubmitReason
from gonghui.quizzes.models import ActivityResult, Attempt, Question
from gonghui.quizzes.services import attempt_answer_save, attempt_start, attempt_submit

from .factories import another_member, make_activity, right

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


def test_members_passing_at_once_get_one_certificate_each_numbered_without_gaps(quiz, run_concurrently):
    # given ten members of org A, each with an attempt of an activity that issues certificates (pass mark 0)
    activity = make_activity(
        quiz.world.org_a, quiz.bank, title="同时交卷", certificate_enabled=True, pass_mark=0, excellent_mark=0
    )
    members = [another_member(quiz.world.org_a, f"1371111{n:04d}", f"会员{n}")[1] for n in range(10)]
    attempts = [attempt_start(activity=activity, member=member) for member in members]
    # when all submit at once, each twice
    _results, errors = run_concurrently(
        *[lambda a=a: attempt_submit(attempt=a, reason=SubmitReason.MANUAL) for a in attempts * 2]
    )
    # then every member holds one certificate, numbered 1…10 in the union's 答题证 series of the year
    assert errors == []
    certificates = list(certificates_of_owner(activity))
    assert sorted(c.holder_id for c in certificates) == sorted(m.pk for m in members)
    assert sorted(c.serial for c in certificates) == list(range(1, 11))
