"""Activity answers feed the 错题本: grading adds each wrongly answered question (or raises its count) in the grading
transaction, in one statement whatever the paper's length; while the activity runs its keys stay hidden in the book
and its questions stay out of practice."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.quizzes import services
from gonghui.quizzes.choices import AttemptStatus, SubmitReason
from gonghui.quizzes.models import Attempt, Question, QuizActivity, WrongAnswer
from gonghui.quizzes.selectors import held_question_ids, practice_pick, practice_questions
from gonghui.quizzes.services import attempt_answer_save, attempt_start, attempt_submit, attempts

from .factories import another_member, make_activity, make_bank, right, wrong

pytestmark = pytest.mark.django_db


def _paper(attempt) -> list[Question]:
    questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    return [questions[qid] for qid in attempt.question_ids]


def _answer(attempt, pattern: str) -> list[Question]:
    """pattern per question: r(ight), w(rong) or - (left unanswered)."""
    paper = _paper(attempt)
    for question, mark in zip(paper, pattern, strict=True):
        if mark != "-":
            chosen = right(question) if mark == "r" else wrong(question)
            attempt_answer_save(attempt=attempt, question_id=question.pk, chosen=chosen)
    return paper


def _end(activity) -> None:
    QuizActivity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=8), ends_at=timezone.now() - dt.timedelta(minutes=1)
    )


def test_grading_adds_the_wrong_answers_and_raises_known_ones(quiz):
    member = quiz.world.member_a
    attempt = attempt_start(activity=quiz.activity, member=member)
    paper = _answer(attempt, "rww--")
    known = WrongAnswer.objects.create(
        member=member,
        question=paper[1],
        wrong_count=3,
        right_streak=1,
        last_at=timezone.now() - dt.timedelta(days=3),
    )
    graded = attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
    rows = {w.question_id: w for w in WrongAnswer.objects.filter(member=member)}
    assert set(rows) == {paper[1].pk, paper[2].pk}  # right and unanswered questions are not wrong answers
    known.refresh_from_db()
    assert (known.wrong_count, known.right_streak, known.last_at) == (4, 0, graded.submitted_at)
    assert (rows[paper[2].pk].wrong_count, rows[paper[2].pk].right_streak) == (1, 0)
    # submitting again (a double click, the time-out job) counts once
    attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
    assert WrongAnswer.objects.get(pk=known.pk).wrong_count == 4


def test_another_members_book_is_untouched(quiz):
    other = another_member(quiz.world.org_a, "13700007001", "甲三")[1]
    attempt = attempt_start(activity=quiz.activity, member=quiz.world.member_a)
    _answer(attempt, "wwwww")
    attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
    assert WrongAnswer.objects.filter(member=quiz.world.member_a).count() == 5
    assert not WrongAnswer.objects.filter(member=other).exists()


def test_the_book_is_written_in_one_statement_whatever_the_number_of_wrong_answers(quiz):
    member = quiz.world.member_a
    first = attempt_start(
        activity=quiz.activity, member=member
    )  # the member's result row exists from here on
    _answer(first, "rrrrr")
    attempt_submit(attempt=first, reason=SubmitReason.MANUAL)
    counts = []
    for pattern in ("rrrrw", "wwwww"):
        attempt = attempt_start(activity=quiz.activity, member=member)
        _answer(attempt, pattern)
        with CaptureQueriesContext(connection) as ctx:
            attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
        book = [q["sql"] for q in ctx.captured_queries if "quizzes_wronganswer" in q["sql"]]
        assert len(book) == 1, book
        assert "ON CONFLICT" in book[0]
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert sum(WrongAnswer.objects.filter(member=member).values_list("wrong_count", flat=True)) == 6


def test_the_book_is_written_in_the_grading_transaction(quiz, monkeypatch):
    attempt = attempt_start(activity=quiz.activity, member=quiz.world.member_a)
    _answer(attempt, "wwwww")

    def broken(**kwargs):
        raise RuntimeError("成绩表写入失败")

    monkeypatch.setattr(attempts, "result_refresh", broken)  # where attempt_submit looks it up
    with pytest.raises(RuntimeError):
        attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
    assert not WrongAnswer.objects.exists()
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.OPEN


def test_a_time_out_feeds_the_book_with_the_answers_saved_so_far(quiz):
    attempt = attempt_start(activity=quiz.activity, member=quiz.world.member_a)
    paper = _answer(attempt, "w----")
    services.attempts_expire_due(now=attempt.deadline_at + dt.timedelta(seconds=1))
    assert list(WrongAnswer.objects.values_list("question_id", flat=True)) == [paper[0].pk]


def test_keys_of_a_running_activity_stay_hidden_in_the_book_and_out_of_practice(quiz):
    member, activity = quiz.world.member_a, quiz.activity
    attempt = attempt_start(activity=activity, member=member)
    paper = _answer(attempt, "wwwww")
    attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
    client = Client()
    client.force_login(quiz.world.org_member)
    book_url = reverse("quizzes:portal_wrong_book")
    practice_url = reverse("quizzes:portal_practice_question")

    book = client.get(book_url).content.decode()
    assert paper[0].stem in book
    assert "答案：活动结束后可查看" in book
    assert "答案：A" not in book
    # practice (the bank is org A's own, so members may practise it) leaves the paper's questions out
    assert held_question_ids(member) == {q.pk for q in paper}
    assert not practice_questions(member).filter(pk__in=[q.pk for q in paper]).exists()
    assert practice_pick(member, category=None, wrong_only=True) is None
    assert client.post(practice_url, {"question": paper[0].pk, "choice": "A"}).status_code == 404
    assert "正确答案" not in client.get(practice_url, {"wrong": "1"}).content.decode()

    _end(activity)
    book = client.get(book_url).content.decode()
    assert "答案：A" in book
    assert "活动结束后可查看" not in book
    graded = client.post(practice_url + "?wrong=1", {"question": paper[0].pk, "choice": "A"})
    assert graded.status_code == 200
    assert "回答正确" in graded.content.decode()


def test_a_question_from_a_bank_not_shared_with_the_member_is_drilled_from_the_book_after_the_end(world):
    bank = make_bank(world.city, name="市内部题库")  # not shared: members below cannot practise it
    activity = make_activity(world.city, bank, title="全市答题")
    member = world.member_a
    assert not practice_questions(member).exists()
    attempt = attempt_start(activity=activity, member=member)
    paper = _answer(attempt, "w----")
    attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
    assert practice_pick(member, category=None, wrong_only=True) is None
    _end(activity)
    assert practice_pick(member, category=None, wrong_only=True) == paper[0]
    assert list(practice_questions(member)) == [paper[0]]
