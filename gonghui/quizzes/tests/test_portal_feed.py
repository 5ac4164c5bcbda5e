"""网上答题 on the member portal home: 正在进行 (a banner per running activity the member may take) and 待办 (an
activity closing today that the member has not tried yet) — for eligible members only, never for a cadre."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gonghui.core.registry import portal_cards
from gonghui.quizzes.models import QuizActivity
from gonghui.quizzes.selectors import quiz_now_items, quiz_todo_items
from gonghui.quizzes.services import attempt_start

from .factories import another_member, make_activity, make_bank

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=TZ)  # a Monday morning


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bank(organisers):
    return make_bank(organisers.org_a)


def _closing_today(org, bank, **extra) -> QuizActivity:
    """Started yesterday at noon, ends today at noon."""
    return make_activity(org, bank, starts_at=NOW - dt.timedelta(hours=22), days=1, **extra)


def test_the_quiz_cards_are_registered():
    assert (portal_cards.get("quizzes.now").kind, portal_cards.get("quizzes.now").items) == (
        "now",
        quiz_now_items,
    )
    assert (portal_cards.get("quizzes.todo").kind, portal_cards.get("quizzes.todo").items) == (
        "todo",
        quiz_todo_items,
    )


def test_a_running_activity_is_a_banner_for_the_eligible_member_only(world, bank, clock):
    # given a running activity of org A, one of org B, a draft and one that has not started
    activity = make_activity(world.org_a, bank, title="工会法知识答题")
    make_activity(world.org_b, make_bank(world.org_b), title="乙单位答题")
    make_activity(world.org_a, bank, title="草稿", publish=False)
    make_activity(world.org_a, bank, title="下周开始", starts_at=NOW + dt.timedelta(days=7))
    _user_b, _member_b = another_member(world.org_b, "13700002222", "乙会员")
    # when
    [banner] = quiz_now_items(world.org_member)
    # then
    assert banner.title == "工会法知识答题"
    assert banner.url == reverse("quizzes:portal_activity", args=[activity.public_id])
    assert banner.detail == "网上答题进行中，3月9日 09:00截止"
    assert [i.title for i in quiz_now_items(_user_b)] == ["乙单位答题"]
    for cadre in (world.org_admin, world.outsider):
        assert quiz_now_items(cadre) == []


def test_the_member_filters_and_used_up_attempts_hide_the_banner(world, bank, clock):
    # given an activity for women only, and one allowing a single attempt that the member has used
    make_activity(world.org_a, bank, title="女职工答题", member_filter={"gender": "F"})
    once = make_activity(world.org_a, bank, title="只答一次", attempts_total=1, attempts_per_day=1)
    attempt_start(activity=once, member=world.member_a)
    # when / then
    assert quiz_now_items(world.org_member) == []


def test_an_attempted_activity_stays_a_banner_marked_attempted(world, bank, clock):
    activity = make_activity(world.org_a, bank)
    attempt_start(activity=activity, member=world.member_a)
    [banner] = quiz_now_items(world.org_member)
    assert banner.detail.endswith("（已参加）")


def test_an_activity_closing_today_not_yet_tried_is_a_todo(world, bank, clock):
    # given one closing today and one closing next week
    today = _closing_today(world.org_a, bank, title="今天截止的答题")
    make_activity(world.org_a, bank, title="下周截止")
    user_b, _member_b = another_member(world.org_b, "13700002222", "乙会员")
    # when
    [item] = quiz_todo_items(world.org_member)
    # then
    assert item.title == "今天截止：今天截止的答题"
    assert item.detail == "12:00 截止，您还没有参加"
    assert item.url == reverse("quizzes:portal_activity", args=[today.public_id])
    assert quiz_todo_items(user_b) == []
    assert quiz_todo_items(world.org_admin) == []
    assert quiz_todo_items(world.outsider) == []
    # and once tried it is no longer a todo
    attempt_start(activity=today, member=world.member_a)
    assert quiz_todo_items(world.org_member) == []


def test_the_quiz_cards_read_in_two_queries(world, bank, clock, django_assert_num_queries):
    make_activity(world.org_a, bank)
    _closing_today(world.org_a, bank)
    with django_assert_num_queries(2):
        assert len(quiz_now_items(world.org_member)) == 2
    with django_assert_num_queries(2):
        assert len(quiz_todo_items(world.org_member)) == 1
