"""Attempts: draw rules, saving answers, time-out with partial answers, attempts per day and in total with frozen
time, best / latest / first, submitting twice, focus budget, IP ranges, eligibility."""

import datetime as dt
import random

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.certificates.selectors import certificates_of_owner
from gonghui.quizzes.choices import AttemptStatus, ScoreRule, SubmitReason
from gonghui.quizzes.models import ActivityResult, Answer, Attempt, Question
from gonghui.quizzes.questions import attempt_draw
from gonghui.quizzes.services import (
    AttemptClosed,
    attempt_answer_save,
    attempt_focus_lost,
    attempt_start,
    attempt_submit,
    attempts_expire_due,
)

from .factories import another_member, make_activity, right, wrong

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


def _answer_all(attempt, *, correct: int, now=None):
    """Answer the paper: the first `correct` questions right, the rest wrong."""
    questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    for index, qid in enumerate(attempt.question_ids):
        chosen = right(questions[qid]) if index < correct else wrong(questions[qid])
        attempt_answer_save(attempt=attempt, question_id=qid, chosen=chosen, now=now)


def test_the_draw_takes_the_count_of_each_category_without_repeats(quiz):
    # when
    for seed in range(20):
        ids, orders = attempt_draw(quiz.activity, rng=random.Random(seed))
        # then
        categories = list(Question.objects.filter(id__in=ids).values_list("category", flat=True))
        assert len(ids) == len(set(ids)) == 5
        assert sorted(categories) == ["劳动法", "劳动法", "劳动法", "劳动法", "工会法"]
        assert set(orders) == {str(i) for i in ids}
        assert all(sorted(spec["order"]) == [0, 1, 2, 3] for spec in orders.values())


def test_without_shuffling_the_paper_keeps_rule_and_option_order(quiz):
    activity = make_activity(
        quiz.world.org_a, quiz.bank, title="不乱序", shuffle_questions=False, shuffle_options=False
    )
    ids, orders = attempt_draw(activity, rng=random.Random(1))
    categories = list(Question.objects.filter(id__in=ids).values_list("id", "category"))
    by_id = dict(categories)
    assert [by_id[i] for i in ids] == ["劳动法"] * 4 + ["工会法"]
    assert ids[:4] == sorted(ids[:4])
    assert all(spec["order"] == [0, 1, 2, 3] for spec in orders.values())


def test_a_category_with_too_few_questions_is_refused_when_the_activity_is_created(quiz):
    with pytest.raises(ValidationError) as exc:
        make_activity(quiz.world.org_a, quiz.bank, title="题不够", rules=[{"category": "工会法", "count": 4}])
    assert exc.value.message_dict["draw_rules"] == ["“工会法”需要抽 4 题，所选题库中只有 3 题"]


def test_a_reload_resumes_the_same_paper_with_its_saved_answers(quiz):
    member = quiz.world.member_a
    attempt = attempt_start(activity=quiz.activity, member=member)
    first = attempt.question_ids[0]
    attempt_answer_save(attempt=attempt, question_id=first, chosen=["B"])
    attempt_answer_save(attempt=attempt, question_id=first, chosen=["C"])  # changed the mind: one row
    # when the member starts again (a reload, a second tab)
    again = attempt_start(activity=quiz.activity, member=member)
    # then
    assert again.pk == attempt.pk
    assert again.question_ids == attempt.question_ids
    assert again.option_orders == attempt.option_orders
    assert list(Answer.objects.filter(attempt=attempt).values_list("question_id", "chosen")) == [(first, "C")]


def test_an_answer_outside_the_paper_or_the_options_is_refused(quiz):
    attempt = attempt_start(activity=quiz.activity, member=quiz.world.member_a)
    other = Question.objects.exclude(id__in=attempt.question_ids).order_by("id")[0]
    with pytest.raises(ValidationError, match="该题不在本次答卷中"):
        attempt_answer_save(attempt=attempt, question_id=other.pk, chosen=["A"])
    with pytest.raises(ValidationError, match="所选选项不存在"):
        attempt_answer_save(attempt=attempt, question_id=attempt.question_ids[0], chosen=["F"])
    with pytest.raises(ValidationError, match="单选题只能选一个选项"):
        attempt_answer_save(attempt=attempt, question_id=attempt.question_ids[0], chosen=["A", "B"])
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_time_out_submits_automatically_with_the_answers_saved_so_far(quiz):
    member = quiz.world.member_a
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        attempt = attempt_start(activity=quiz.activity, member=member)
        questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
        for qid in attempt.question_ids[:2]:  # two right answers, three unanswered
            attempt_answer_save(attempt=attempt, question_id=qid, chosen=right(questions[qid]))
        traveller.shift(dt.timedelta(minutes=10, seconds=5))
        # a late answer is not saved
        with pytest.raises(AttemptClosed):
            attempt_answer_save(attempt=attempt, question_id=attempt.question_ids[2], chosen=["A"])
        # when the scheduled job runs
        summary = attempts_expire_due()
    # then
    attempt.refresh_from_db()
    assert summary == "超时自动交卷 1 份"
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.submit_reason == SubmitReason.TIMEOUT
    assert (attempt.correct_count, attempt.score, attempt.seconds_used) == (2, 20, 600)
    assert Answer.objects.filter(attempt=attempt).count() == 2
    result = ActivityResult.objects.get(activity=quiz.activity, member=member)
    assert (result.score, result.seconds_used, result.attempts) == (20, 600, 1)
    assert attempts_expire_due() == "超时自动交卷 0 份"


def test_an_expired_open_attempt_is_submitted_when_the_member_starts_again(quiz):
    member = quiz.world.member_a
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        first = attempt_start(activity=quiz.activity, member=member)
        traveller.shift(dt.timedelta(minutes=11))
        second = attempt_start(activity=quiz.activity, member=member)
    first.refresh_from_db()
    assert first.status == AttemptStatus.SUBMITTED
    assert first.submit_reason == SubmitReason.TIMEOUT
    assert second.pk != first.pk
    assert second.status == AttemptStatus.OPEN


def test_three_attempts_a_day_then_tomorrow_again(quiz):
    member = quiz.world.member_a
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False) as traveller:
        activity = make_activity(
            quiz.world.org_a, quiz.bank, title="每天三次", starts_at=START, attempts_per_day=3
        )
        for _ in range(3):
            attempt_submit(
                attempt=attempt_start(activity=activity, member=member), reason=SubmitReason.MANUAL
            )
        with pytest.raises(ValidationError) as exc:
            attempt_start(activity=activity, member=member)
        assert exc.value.messages == ["本活动每人每天最多答 3 次，今天的次数已用完，请明天再来"]
        # the next day (local time) opens three more
        traveller.shift(dt.timedelta(days=1))
        attempt = attempt_start(activity=activity, member=member)
    assert attempt.started_on == dt.date(2026, 5, 5)


def test_the_total_limit_counts_every_day(quiz):
    member = quiz.world.member_a
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False) as traveller:
        activity = make_activity(
            quiz.world.org_a,
            quiz.bank,
            title="总共两次",
            starts_at=START,
            attempts_per_day=0,
            attempts_total=2,
        )
        attempt_submit(attempt=attempt_start(activity=activity, member=member), reason=SubmitReason.MANUAL)
        traveller.shift(dt.timedelta(days=1))
        attempt_submit(attempt=attempt_start(activity=activity, member=member), reason=SubmitReason.MANUAL)
        traveller.shift(dt.timedelta(days=1))
        with pytest.raises(ValidationError, match="最多答 2 次"):
            attempt_start(activity=activity, member=member)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [(ScoreRule.BEST, (40, 100)), (ScoreRule.LATEST, (20, 200)), (ScoreRule.FIRST, (30, 300))],
    ids=["best", "latest", "first"],
)
def test_which_score_counts(quiz, rule, expected):
    """Three tries: 30 points in 300 s, 40 in 100 s, 20 in 200 s."""
    member = quiz.world.member_a
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False) as traveller:
        activity = make_activity(
            quiz.world.org_a, quiz.bank, title=f"计分{rule}", starts_at=START, score_rule=rule
        )
        for correct, seconds in ((3, 300), (4, 100), (2, 200)):
            attempt = attempt_start(activity=activity, member=member)
            _answer_all(attempt, correct=correct)
            traveller.shift(dt.timedelta(seconds=seconds))
            attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
            traveller.shift(dt.timedelta(minutes=1))
    result = ActivityResult.objects.get(activity=activity, member=member)
    assert (result.score, result.seconds_used, result.attempts) == (*expected, 3)


def test_best_of_equal_scores_keeps_the_faster_try(quiz):
    member = quiz.world.member_a
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False) as traveller:
        activity = make_activity(quiz.world.org_a, quiz.bank, title="同分取快", starts_at=START)
        for seconds in (250, 90, 180):
            attempt = attempt_start(activity=activity, member=member)
            _answer_all(attempt, correct=5)
            traveller.shift(dt.timedelta(seconds=seconds))
            attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
    result = ActivityResult.objects.get(activity=activity, member=member)
    assert (result.score, result.seconds_used, result.passed) == (50, 90, True)


def test_submitting_twice_counts_once(quiz):
    member = quiz.world.member_a
    attempt = attempt_start(activity=quiz.activity, member=member)
    _answer_all(attempt, correct=5)
    # when
    first = attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
    second = attempt_submit(attempt=attempt, reason=SubmitReason.TIMEOUT)
    # then
    assert first.score == second.score == 50
    assert second.submit_reason == SubmitReason.MANUAL
    result = ActivityResult.objects.get(activity=quiz.activity, member=member)
    assert result.attempts == 1
    with pytest.raises(AttemptClosed):
        attempt_answer_save(
            attempt=Attempt.objects.get(pk=attempt.pk), question_id=attempt.question_ids[0], chosen=["A"]
        )


def test_one_open_attempt_per_member_is_a_database_constraint(quiz):
    from django.db import IntegrityError, transaction

    attempt = attempt_start(activity=quiz.activity, member=quiz.world.member_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            activity=quiz.activity,
            member=quiz.world.member_a,
            org=quiz.world.org_a,
            started_at=attempt.started_at,
            started_on=attempt.started_on,
            deadline_at=attempt.deadline_at,
        )


def test_passing_with_a_certificate(quiz):
    activity = make_activity(
        quiz.world.org_a, quiz.bank, title="发证书", certificate_enabled=True, pass_mark=30, excellent_mark=40
    )
    attempt = attempt_start(activity=activity, member=quiz.world.member_a)
    _answer_all(attempt, correct=4)
    attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
    certificate = certificates_of_owner(activity).get()
    assert (certificate.kind, certificate.holder, certificate.data) == (
        "quiz",
        quiz.world.member_a,
        {"score": 40},
    )
    assert (certificate.issuer, certificate.holder_org, certificate.title) == (
        quiz.world.org_a,
        quiz.world.org_a,
        "发证书",
    )
    assert certificate.number == f"答题证〔{timezone.localdate().year}〕1号"


def test_focus_losses_are_logged_and_the_budget_submits(quiz):
    activity = make_activity(quiz.world.org_a, quiz.bank, title="切屏", focus_budget=2)
    attempt = attempt_start(activity=activity, member=quiz.world.member_a)
    attempt = attempt_focus_lost(attempt=attempt, kind="hidden")
    assert attempt.status == AttemptStatus.OPEN
    assert attempt.focus_losses == 1
    attempt = attempt_focus_lost(attempt=attempt, kind="blur")
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.submit_reason == SubmitReason.FOCUS
    assert list(attempt.events.values_list("kind", flat=True)) == ["hidden", "blur"]


def test_ip_ranges_restrict_where_one_may_answer(quiz):
    activity = make_activity(
        quiz.world.org_a, quiz.bank, title="限IP", ip_ranges="10.1.0.0/16\n192.168.5.0/24"
    )
    with pytest.raises(ValidationError, match="指定网络"):
        attempt_start(activity=activity, member=quiz.world.member_a, ip="172.16.0.9")
    assert (
        attempt_start(activity=activity, member=quiz.world.member_a, ip="10.1.200.3").status
        == AttemptStatus.OPEN
    )


def test_an_invalid_ip_range_names_the_line(quiz):
    with pytest.raises(ValidationError) as exc:
        make_activity(quiz.world.org_a, quiz.bank, title="坏IP", ip_ranges="10.1.0.0/16\n10.300.0.0/16")
    assert exc.value.message_dict["ip_ranges"] == ["第 2 行“10.300.0.0/16”不是有效的 IP 段（如 10.1.0.0/16）"]


def test_members_outside_the_units_or_filters_cannot_start(quiz):
    _user_b, member_b = another_member(quiz.world.org_b, "13700002222", "乙会员")
    with pytest.raises(PermissionDenied):
        attempt_start(activity=quiz.activity, member=member_b)
    women_only = make_activity(quiz.world.org_a, quiz.bank, title="女职工专场", member_filter={"gender": "F"})
    with pytest.raises(PermissionDenied):
        attempt_start(activity=women_only, member=quiz.world.member_a)  # member A is male


def test_levels_mode_opens_one_level_a_day_and_sums_the_levels(quiz):
    member = quiz.world.member_a
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False) as traveller:
        activity = make_activity(quiz.world.org_a, quiz.bank, title="闯关", starts_at=START, levels=3)
        first = attempt_start(activity=activity, member=member)
        _answer_all(first, correct=5)
        attempt_submit(attempt=first, reason=SubmitReason.MANUAL)
        traveller.shift(dt.timedelta(days=1))
        second = attempt_start(activity=activity, member=member)
        _answer_all(second, correct=2)
        attempt_submit(attempt=second, reason=SubmitReason.MANUAL)
    assert (first.level, second.level) == (1, 2)
    assert ActivityResult.objects.get(activity=activity, member=member).score == 70
