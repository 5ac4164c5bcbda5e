"""开始答题 / 继续答题 follow one rule, `workflows.attempt_entry`: the activity page shows 继续答题, 开始答题 or the
reason from it, and `attempt_start` (service and page) refuses with the same reason. Not a workflow table (it moves
no state; see the module docstring). Three actors: org A's member (eligible), org A's admin (no member record) and
org B's admin."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.quizzes.choices import ActivityStatus, SubmitReason
from gonghui.quizzes.models import Attempt, QuizActivity
from gonghui.quizzes.services import attempt_start, attempt_submit
from gonghui.quizzes.workflows import attempt_entry

from .factories import another_member, make_activity

pytestmark = pytest.mark.django_db

START_BUTTON = "开始答题"
CONTINUE_LINK = "继续答题"
NETWORK = "10.1.0.0/16"


def _client(user, **extra) -> Client:
    client = Client(**extra)
    client.force_login(user)
    return client


def _page(client: Client, activity: QuizActivity) -> str:
    response = client.get(reverse("quizzes:portal_activity", args=[activity.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def _start(client: Client, activity: QuizActivity):
    return client.post(reverse("quizzes:portal_attempt_start", args=[activity.public_id]))


def _flashes(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _upcoming(quiz):
    return make_activity(
        quiz.world.org_a, quiz.bank, title="明天开始", starts_at=timezone.now() + dt.timedelta(days=1)
    )


def _ended(quiz):
    activity = make_activity(quiz.world.org_a, quiz.bank, title="已结束的活动")
    now = timezone.now()
    QuizActivity.objects.filter(pk=activity.pk).update(
        starts_at=now - dt.timedelta(days=8), ends_at=now - dt.timedelta(days=1)
    )
    return QuizActivity.objects.get(pk=activity.pk)


def _used_up_total(quiz):
    activity = make_activity(
        quiz.world.org_a, quiz.bank, title="只答一次", attempts_total=1, attempts_per_day=0
    )
    attempt_submit(
        attempt=attempt_start(activity=activity, member=quiz.world.member_a), reason=SubmitReason.MANUAL
    )
    return activity


def _used_up_today(quiz):
    activity = make_activity(quiz.world.org_a, quiz.bank, title="每天一次", attempts_per_day=1)
    attempt_submit(
        attempt=attempt_start(activity=activity, member=quiz.world.member_a), reason=SubmitReason.MANUAL
    )
    return activity


def _other_network(quiz):
    return make_activity(quiz.world.org_a, quiz.bank, title="限定网络", ip_ranges=NETWORK)


def _women_only(quiz):
    return make_activity(quiz.world.org_a, quiz.bank, title="女职工答题", member_filter={"gender": "F"})


# (situation, the reason the rule gives, the error type the service raises)
REFUSED = [
    (_upcoming, "活动尚未开始", ValidationError),
    (_ended, "活动已结束", ValidationError),
    (_used_up_total, "本活动每人最多答 1 次，您的次数已用完", ValidationError),
    (_used_up_today, "本活动每人每天最多答 1 次，今天的次数已用完，请明天再来", ValidationError),
    (_other_network, "本活动只允许在指定网络（IP 段）内答题", ValidationError),
    (_women_only, "您不在本活动的参与范围内", PermissionDenied),
]
REFUSED_IDS = ["upcoming", "ended", "total used up", "today used up", "other network", "not eligible"]


# --- the rule ---------------------------------------------------------------------------------------------


def test_an_open_activity_with_attempts_left_may_start(quiz):
    entry = attempt_entry(quiz.activity, quiz.world.member_a, ip="127.0.0.1")
    assert (entry.may_start, entry.resume, entry.reason, entry.left_today) == (True, None, "", 3)


@pytest.mark.parametrize(("situation", "reason", "error"), REFUSED, ids=REFUSED_IDS)
def test_the_rule_names_why_no_attempt_may_start(quiz, situation, reason, error):
    entry = attempt_entry(situation(quiz), quiz.world.member_a, ip="127.0.0.1")
    assert (entry.may_start, entry.resume, entry.reason) == (False, None, reason)
    assert isinstance(entry.refusal, error)


def test_a_cancelled_activity_refuses(quiz):
    QuizActivity.objects.filter(pk=quiz.activity.pk).update(status=ActivityStatus.CANCELLED)
    activity = QuizActivity.objects.get(pk=quiz.activity.pk)
    assert attempt_entry(activity, quiz.world.member_a, ip=None).reason == "活动已撤销"


def test_an_open_attempt_in_time_is_continued_even_with_no_attempts_left(quiz):
    activity = make_activity(
        quiz.world.org_a, quiz.bank, title="只答一次", attempts_total=1, attempts_per_day=0
    )
    attempt = attempt_start(activity=activity, member=quiz.world.member_a)
    entry = attempt_entry(activity, quiz.world.member_a, ip=None)
    assert (entry.resume, entry.refusal, entry.may_start, entry.left_total) == (attempt, None, False, 0)


def test_an_open_attempt_past_its_time_is_not_continued(quiz):
    attempt = attempt_start(activity=quiz.activity, member=quiz.world.member_a)
    later = attempt.deadline_at + dt.timedelta(seconds=1)
    entry = attempt_entry(quiz.activity, quiz.world.member_a, ip=None, now=later)
    assert (entry.resume, entry.may_start) == (None, True)


# --- the service refuses with the rule's reason -----------------------------------------------------------


@pytest.mark.parametrize(("situation", "reason", "error"), REFUSED, ids=REFUSED_IDS)
def test_the_service_refuses_with_the_rules_reason(quiz, situation, reason, error):
    activity = situation(quiz)
    before = Attempt.objects.count()
    with pytest.raises(error) as exc:
        attempt_start(activity=activity, member=quiz.world.member_a, ip="127.0.0.1")
    text = "；".join(exc.value.messages) if isinstance(exc.value, ValidationError) else str(exc.value)
    assert text == reason
    assert Attempt.objects.count() == before


def test_the_service_continues_the_open_attempt(quiz):
    first = attempt_start(activity=quiz.activity, member=quiz.world.member_a)
    assert attempt_start(activity=quiz.activity, member=quiz.world.member_a) == first
    assert Attempt.objects.filter(activity=quiz.activity).count() == 1


def test_inside_the_network_the_member_starts(quiz):
    activity = _other_network(quiz)
    attempt = attempt_start(activity=activity, member=quiz.world.member_a, ip="10.1.2.3")
    assert attempt.ip_address == "10.1.2.3"


# --- the page: the button only when the rule allows it, the same reason otherwise -------------------------


def test_the_page_offers_start_when_allowed(quiz):
    page = _page(_client(quiz.world.org_member), quiz.activity)
    assert START_BUTTON in page
    assert "今天还可答 3 次" in page
    assert CONTINUE_LINK not in page
    assert 'id="attempt-refusal"' not in page


def test_the_page_offers_continue_for_the_open_attempt(quiz):
    attempt = attempt_start(activity=quiz.activity, member=quiz.world.member_a)
    page = _page(_client(quiz.world.org_member), quiz.activity)
    assert CONTINUE_LINK in page
    assert f'href="{reverse("quizzes:portal_attempt", args=[attempt.public_id])}"' in page
    assert f'action="{reverse("quizzes:portal_attempt_start", args=[quiz.activity.public_id])}"' not in page


@pytest.mark.parametrize(("situation", "reason", "_error"), REFUSED, ids=REFUSED_IDS)
def test_the_page_shows_the_reason_instead_of_the_button(quiz, situation, reason, _error):
    activity = situation(quiz)
    page = _page(_client(quiz.world.org_member), activity)
    assert f'action="{reverse("quizzes:portal_attempt_start", args=[activity.public_id])}"' not in page
    assert f'<div class="alert alert-warning" id="attempt-refusal">{reason}</div>' in page


def test_the_page_offers_start_inside_the_network(quiz):
    activity = _other_network(quiz)
    page = _page(_client(quiz.world.org_member, REMOTE_ADDR="10.1.2.3"), activity)
    assert f'action="{reverse("quizzes:portal_attempt_start", args=[activity.public_id])}"' in page


@pytest.mark.parametrize(("situation", "reason", "_error"), REFUSED, ids=REFUSED_IDS)
def test_posting_start_anyway_flashes_the_same_reason(quiz, situation, reason, _error):
    activity = situation(quiz)
    before = Attempt.objects.count()
    response = _start(_client(quiz.world.org_member), activity)
    assert response.status_code == 302
    assert response["Location"] == reverse("quizzes:portal_activity", args=[activity.public_id])
    assert _flashes(response) == [reason]
    assert Attempt.objects.count() == before


# --- three actors -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "page_status", "starts"),
    [
        ("org A's member (eligible) sees the button and starts", "org_member", 200, True),
        ("org A's admin has no member record: the portal refuses", "org_admin", 403, False),
        ("org B's admin has no member record: the portal refuses", "outsider", 403, False),
    ],
)
def test_start_three_actors(quiz, _case, actor, page_status, starts):
    client = _client(getattr(quiz.world, actor))
    page = client.get(reverse("quizzes:portal_activity", args=[quiz.activity.public_id]))
    assert page.status_code == page_status
    assert (START_BUTTON in page.content.decode()) is starts
    response = _start(client, quiz.activity)
    assert response.status_code == (302 if starts else 403)
    assert Attempt.objects.filter(activity=quiz.activity).exists() is starts


def test_a_member_of_another_union_does_not_know_the_activity(quiz):
    other_user, other_member = another_member(quiz.world.org_b, "13700008888", "乙会员")
    client = _client(other_user)
    assert client.get(reverse("quizzes:portal_activity", args=[quiz.activity.public_id])).status_code == 404
    assert _start(client, quiz.activity).status_code == 404
    assert attempt_entry(quiz.activity, other_member, ip=None).reason == "您不在本活动的参与范围内"
    assert not Attempt.objects.filter(activity=quiz.activity).exists()
