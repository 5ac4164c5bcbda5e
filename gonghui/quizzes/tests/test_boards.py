"""Ranking ties, participation-rate unit boards, per-question correct rates, non-participants, reminders and the
opening notice."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.notifications.models import Notification
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quizzes.choices import SubmitReason
from gonghui.quizzes.models import ActivityResult, Question, QuizActivity
from gonghui.quizzes.selectors import (
    activity_absent_members,
    board_aggregates,
    question_correct_rates,
    ranked,
    ranking,
    unit_board,
)
from gonghui.quizzes.services import (
    activities_open_notify_due,
    activity_remind,
    attempt_answer_save,
    attempt_start,
    attempt_submit,
)

from .factories import another_member, make_activity, make_bank, right, wrong

pytestmark = pytest.mark.django_db


def _take(activity, member, *, correct: int, seconds: int):
    attempt = attempt_start(activity=activity, member=member)
    questions = {q.pk: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    for index, qid in enumerate(attempt.question_ids):
        attempt_answer_save(
            attempt=attempt,
            question_id=qid,
            chosen=right(questions[qid]) if index < correct else wrong(questions[qid]),
        )
    submitted_at = attempt.started_at + dt.timedelta(seconds=seconds)
    return attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL, now=submitted_at)


@pytest.fixture
def city_quiz(world):
    """A city activity over the whole tree: org A has 4 members (A + 3), org B 2, 乙县 itself 1."""
    from .factories import grant_organiser

    city_admin = grant_organiser(another_member(world.city, "13500000001", "市干部")[0], world.city)
    members_a = [world.member_a] + [
        another_member(world.org_a, f"1370000300{i}", f"甲{i}")[1] for i in range(3)
    ]
    members_b = [another_member(world.org_b, f"1370000400{i}", f"乙{i}")[1] for i in range(2)]
    member_y = another_member(world.county_y, "13700005000", "乙县机关")[1]
    bank = make_bank(world.city, name="市题库")
    activity = make_activity(world.city, bank, title="全市答题", excellent_mark=40, pass_mark=30)
    return {"activity": activity, "a": members_a, "b": members_b, "y": member_y, "admin": city_admin}


def test_ranking_by_score_then_less_time_and_ties_share_a_place(city_quiz):
    activity = city_quiz["activity"]
    a0, a1, a2, a3 = city_quiz["a"]
    b0, b1 = city_quiz["b"]
    _take(activity, a0, correct=4, seconds=200)
    _take(activity, a1, correct=5, seconds=300)
    _take(activity, a2, correct=4, seconds=120)
    _take(activity, b0, correct=4, seconds=120)
    _take(activity, b1, correct=2, seconds=30)
    # when
    rows = ranked(list(ranking(activity)))
    # then
    assert [(place, r.member.name, r.score, r.seconds_used) for place, r in rows] == [
        (1, a1.name, 50, 300),
        (2, rows[1][1].member.name, 40, 120),
        (2, rows[2][1].member.name, 40, 120),
        (4, a0.name, 40, 200),
        (5, b1.name, 20, 30),
    ]
    assert {rows[1][1].member, rows[2][1].member} == {a2, b0}
    assert [r.member for _p, r in ranked(list(ranking(activity, within=city_quiz["b"][0].org)))] == [b0, b1]


def test_units_are_ranked_by_participation_rate_then_high_scores_then_attempts(city_quiz, world):
    activity = city_quiz["activity"]
    a0, a1, _a2, _a3 = city_quiz["a"]
    b0, _b1 = city_quiz["b"]
    _take(activity, a0, correct=5, seconds=100)
    _take(activity, a1, correct=1, seconds=100)
    _take(activity, b0, correct=1, seconds=100)
    _take(activity, b0, correct=2, seconds=100)
    # when: the city board rolls up by county
    rows = unit_board(activity)
    # then 甲县 2/4 = 50 %, 乙县 (org B 1/2 and its own office 0/1) 1/3
    assert [(r.org, r.members, r.participants, r.high_scores, r.attempts) for r in rows] == [
        (world.county_x, 4, 2, 1, 2),
        (world.county_y, 3, 1, 0, 2),
        (world.city, 1, 0, 0, 0),  # the city's own member (the cadre created above is also a member)
    ]
    assert rows[0].rate_percent == "50.0%"
    # drilling into 乙县 lists org B and 乙县's own row
    inner = unit_board(activity, within=world.county_y)
    assert [(r.org, r.members, r.participants) for r in inner] == [
        (world.org_b, 2, 1),
        (world.county_y, 1, 0),
    ]


def test_equal_rates_are_ordered_by_high_scores_then_attempts_per_member(world):
    from .factories import grant_organiser

    grant_organiser(world.org_admin, world.org_a)
    units = [OrgFactory.create(parent=world.org_a, code=f"U{i}", name=f"分工会{i}") for i in range(3)]
    members = [
        [another_member(u, f"1360000{i}{j}00", f"分{i}{j}")[1] for j in range(2)] for i, u in enumerate(units)
    ]
    activity = make_activity(
        world.org_a, make_bank(world.org_a), title="分工会赛", excellent_mark=50, pass_mark=30
    )
    _take(activity, members[0][0], correct=3, seconds=60)  # 1/2, no high score, 1 attempt
    _take(activity, members[1][0], correct=5, seconds=60)  # 1/2, one high score
    _take(activity, members[2][0], correct=3, seconds=60)  # 1/2, no high score, 2 attempts
    _take(activity, members[2][0], correct=1, seconds=60)
    assert [r.org for r in unit_board(activity)] == [
        units[1],
        units[2],
        units[0],
        world.org_a,
    ]  # org A's own: 0/1


def test_the_board_is_two_grouped_queries_and_cached(city_quiz):
    activity = city_quiz["activity"]
    _take(activity, city_quiz["a"][0], correct=3, seconds=60)
    with CaptureQueriesContext(connection) as first:
        board_aggregates(activity)
    with CaptureQueriesContext(connection) as second:
        board_aggregates(activity)
    assert len(first.captured_queries) == 2
    assert len(second.captured_queries) == 0


def test_per_question_correct_rates_show_weak_knowledge(city_quiz):
    activity = city_quiz["activity"]
    _take(activity, city_quiz["a"][0], correct=5, seconds=60)
    _take(activity, city_quiz["a"][1], correct=0, seconds=60)
    rows = question_correct_rates(activity)
    assert sum(r["total"] for r in rows) == 10
    assert all(r["rate"] in (0.0, 50.0, 100.0) for r in rows)
    assert rows == sorted(rows, key=lambda r: (r["rate"], r["question_id"]))


def test_non_participants_per_unit_and_the_reminder(city_quiz, world):
    activity = city_quiz["activity"]
    _take(activity, city_quiz["a"][0], correct=5, seconds=60)
    absent = list(activity_absent_members(activity, unit=world.org_a))
    assert absent == sorted(city_quiz["a"][1:], key=lambda m: m.name)
    # when
    count = activity_remind(activity=activity, unit=world.org_a, actor=city_quiz["admin"])
    # then
    assert count == 3
    reminded = set(
        Notification.objects.filter(title__startswith="请参加答题活动").values_list(
            "recipient__name", flat=True
        )
    )
    assert reminded == {m.name for m in city_quiz["a"][1:]}


def test_the_opening_notice_is_sent_once(world):
    from .factories import grant_organiser

    grant_organiser(world.org_admin, world.org_a)
    bank = make_bank(world.org_a)
    future = make_activity(
        world.org_a, bank, title="明天开始", starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    )
    assert future.opened_notified_at is None
    # when it opens and the job runs twice
    QuizActivity.objects.filter(pk=future.pk).update(
        starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )
    first = activities_open_notify_due()
    second = activities_open_notify_due()
    # then
    assert first == "答题活动开始通知：1 个活动，1 人"
    assert second == "答题活动开始通知：0 个活动，0 人"
    assert (
        Notification.objects.filter(recipient=world.org_member, title="答题活动开始：明天开始").count() == 1
    )


def test_results_hold_one_row_per_member(city_quiz):
    activity = city_quiz["activity"]
    for _ in range(3):
        _take(activity, city_quiz["a"][0], correct=1, seconds=60)
    assert ActivityResult.objects.filter(activity=activity).count() == 1
