"""An activity's rules must not contradict each other (issue 13, item 4): a pass mark or high-score line above the
full marks, more draws than the banks hold, more attempts a day than in total, a window that ends before it starts —
refused when the activity is saved, each with its reason on its field, and again at publication. Publication counts
the eligible members at once (应参与 is not 0 until the board's cache expires)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.core.timeline import timeline_for
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.quizzes.choices import ActivityStatus
from gonghui.quizzes.models import QuizActivity
from gonghui.quizzes.services import ActivitySpec, activity_create, activity_publish

from .factories import another_member, make_activity, make_bank

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _spec(bank, **changes) -> ActivitySpec:
    """5 questions (4 劳动法 + 1 工会法) × 10 points = 50, pass 30, high-score line 40: consistent."""
    start = timezone.now() - dt.timedelta(hours=1)
    values = {
        "title": "规则检查",
        "starts_at": start,
        "ends_at": start + dt.timedelta(days=7),
        "banks": [bank],
        "draw_rules": [{"category": "劳动法", "count": 4}, {"category": "工会法", "count": 1}],
        "targets": [OrgTarget(kind=TargetKind.SUBTREE, org_id=bank.org_id)],
        "pass_mark": 30,
        "excellent_mark": 40,
        **changes,
    }
    return ActivitySpec(**values)


@pytest.mark.parametrize(
    ("_case", "changes", "field", "message"),
    [
        (
            "pass mark above full marks",
            {"pass_mark": 60, "excellent_mark": 50},
            "pass_mark",
            "及格分 60 高于满分 50（5 题 × 每题 10 分），没有人能及格",
        ),
        (
            "high-score line above full marks",
            {"excellent_mark": 90},
            "excellent_mark",
            "高分线 90 高于满分 50（5 题 × 每题 10 分）",
        ),
        (
            "more draws than the bank holds",
            {"draw_rules": [{"category": "", "count": 12}]},
            "draw_rules",
            "“不限分类”需要抽 12 题，所选题库中只有 9 题",
        ),
        (
            "more attempts a day than in total",
            {"attempts_per_day": 5, "attempts_total": 2},
            "attempts_per_day",
            "每天可答 5 次多于总共可答 2 次",
        ),
        (
            "a window that ends before it starts",
            {"ends_at": timezone.now() - dt.timedelta(days=1)},
            "ends_at",
            "结束时间须晚于开始时间",
        ),
    ],
)
def test_contradicting_rules_are_refused_on_their_field(organisers, _case, changes, field, message):
    # given org A's bank of 9 questions (6 劳动法, 3 工会法)
    bank = make_bank(organisers.org_a)
    # when / then
    with pytest.raises(ValidationError) as refused:
        activity_create(org=organisers.org_a, spec=_spec(bank, **changes), actor=organisers.org_admin)
    assert refused.value.message_dict == {field: [message]}
    assert not QuizActivity.objects.exists()


def test_every_contradiction_is_reported_at_once(organisers):
    bank = make_bank(organisers.org_a)
    spec = _spec(bank, pass_mark=60, excellent_mark=90, attempts_per_day=3, attempts_total=1)
    with pytest.raises(ValidationError) as refused:
        activity_create(org=organisers.org_a, spec=spec, actor=organisers.org_admin)
    assert sorted(refused.value.message_dict) == ["attempts_per_day", "excellent_mark", "pass_mark"]


def test_unlimited_attempts_a_day_with_a_total_and_a_pass_mark_equal_to_full_marks_are_fine(organisers):
    bank = make_bank(organisers.org_a)
    spec = _spec(bank, attempts_per_day=0, attempts_total=2, pass_mark=50, excellent_mark=50)
    activity = activity_create(org=organisers.org_a, spec=spec, actor=organisers.org_admin)
    assert (activity.full_mark, activity.pass_mark) == (50, 50)


def test_a_draft_saved_with_contradicting_rules_is_refused_at_publication(organisers):
    # given a draft whose pass mark became impossible (as drafts saved before this check may be)
    bank = make_bank(organisers.org_a)
    activity = make_activity(organisers.org_a, bank, publish=False)
    QuizActivity.objects.filter(pk=activity.pk).update(pass_mark=60, excellent_mark=50)
    activity.refresh_from_db()
    # when / then
    with pytest.raises(ValidationError) as refused:
        activity_publish(activity=activity, actor=organisers.org_admin)
    assert refused.value.messages == ["及格分 60 高于满分 50（5 题 × 每题 10 分），没有人能及格"]
    activity.refresh_from_db()
    assert (activity.status, activity.units.count()) == (ActivityStatus.DRAFT, 0)


def _form_data(org, bank, **changes):
    return {
        "org": org.pk,
        "title": "表单活动",
        "starts_at": "2026-01-01T08:00",
        "ends_at": "2036-01-01T08:00",
        "target_kind": "subtree",
        "banks": [bank.pk],
        "draw_rules": "劳动法 4\n工会法 1",
        "time_limit_minutes": 10,
        "attempts_per_day": 3,
        "attempts_total": 0,
        "score_rule": "best",
        "points_per_question": 10,
        "pass_mark": 60,
        "excellent_mark": 90,
        "levels": 0,
        "focus_budget": 0,
        **changes,
    }


def test_the_form_shows_each_reason_on_its_field_and_in_the_summary(organisers):
    bank = make_bank(organisers.org_a)
    response = _client(organisers.org_admin).post(
        reverse("quizzes:activity_create"),
        _form_data(organisers.org_a, bank, attempts_per_day=4, attempts_total=2),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "pass_mark": ["及格分 60 高于满分 50（5 题 × 每题 10 分），没有人能及格"],
        "excellent_mark": ["高分线 90 高于满分 50（5 题 × 每题 10 分）"],
        "attempts_per_day": ["每天可答 4 次多于总共可答 2 次"],
    }
    body = response.content.decode()
    assert (
        '<a href="#id_pass_mark">及格分：及格分 60 高于满分 50（5 题 × 每题 10 分），没有人能及格</a>' in body
    )
    assert (
        '<a href="#id_attempts_per_day">每天可答次数（0 为不限）：每天可答 4 次多于总共可答 2 次</a>' in body
    )
    assert not QuizActivity.objects.exists()


@pytest.mark.parametrize(("actor", "expected"), [("org_admin", 200), ("org_member", 403), ("outsider", 404)])
def test_editing_a_draft_into_contradiction_is_refused_for_the_organiser_and_closed_to_others(
    organisers, actor, expected
):
    bank = make_bank(organisers.org_a)
    activity = make_activity(organisers.org_a, bank, publish=False)
    data = _form_data(organisers.org_a, bank, title="改坏的活动")
    response = _client(getattr(organisers, actor)).post(
        reverse("quizzes:activity_edit", args=[activity.public_id]), data
    )
    assert response.status_code == expected
    if expected == 200:
        assert "没有人能及格" in response.content.decode()
    activity.refresh_from_db()
    assert (activity.title, activity.pass_mark) == ("工会法知识答题", 30)


def test_publication_counts_the_eligible_members_at_once(organisers):
    # given a draft of org A, whose board was looked at while it was a draft (and so cached empty)
    another_member(organisers.org_a, "13700005001", "甲二")
    bank = make_bank(organisers.org_a)
    activity = make_activity(organisers.org_a, bank, publish=False)
    admin = _client(organisers.org_admin)
    detail = reverse("quizzes:activity_detail", args=[activity.public_id])
    assert admin.get(detail).context["summary"]["members"] == 0
    # when it is published
    admin.post(reverse("quizzes:activity_publish", args=[activity.public_id]))
    # then 应参与 counts org A's two members right away, and the timeline says so
    assert admin.get(detail).context["summary"]["members"] == 2
    note = timeline_for(activity).get(action="publish").note
    assert note == "参与单位 1 个，应参与会员 2 人"
