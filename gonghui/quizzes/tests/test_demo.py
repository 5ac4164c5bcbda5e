"""The demo seeder on a small tree: a bank of 40+ original questions, an open and a finished activity with attempts
from several units and their boards, the passers' 答题证书 in the certificates block; a second run adds nothing."""

import pytest

from gonghui.accounts.models import RoleGrant, User
from gonghui.certificates.models import Certificate
from gonghui.quizzes import demo
from gonghui.quizzes.demo_questions import DEMO_QUESTIONS
from gonghui.quizzes.models import ActivityResult, Attempt, Question, QuizActivity
from gonghui.quizzes.questions import question_clean
from gonghui.quizzes.selectors import unit_board

from .factories import another_member

pytestmark = pytest.mark.django_db


def test_every_demo_question_is_valid_and_unique():
    assert len(DEMO_QUESTIONS) >= 40
    for qtype, _category, stem, options, answer, _explanation in DEMO_QUESTIONS:
        question_clean(type=qtype, stem=stem, options=options, answer=answer)
    assert len({q[2] for q in DEMO_QUESTIONS}) == len(DEMO_QUESTIONS)


def test_seeding_twice_adds_nothing(world, monkeypatch):
    monkeypatch.setattr(demo, "ROOT_CODE", "CITY")
    for i in range(6):
        another_member(world.org_a, f"1380000100{i}", f"演示甲{i}")
        another_member(world.org_b, f"1380000200{i}", f"演示乙{i}")
    users, grants = User.objects.count(), RoleGrant.objects.count()
    # when
    summary = demo.seed_quizzes()
    counts = (
        Question.objects.count(),
        QuizActivity.objects.count(),
        Attempt.objects.count(),
        Certificate.objects.filter(kind="quiz").count(),
    )
    again = demo.seed_quizzes()
    # then
    assert summary.startswith(f"网上答题：题库 1 个（{len(DEMO_QUESTIONS)} 题），活动 2 个")
    assert again.startswith("网上答题：已有演示题库和活动")
    assert (
        Question.objects.count(),
        QuizActivity.objects.count(),
        Attempt.objects.count(),
        Certificate.objects.filter(kind="quiz").count(),
    ) == counts
    # both activities issue certificates: the passers hold 答题证书 in the certificates block
    assert f"证书 {counts[3]} 张" in summary
    passed = ActivityResult.objects.filter(passed=True).count()
    assert counts[3] == passed > 0
    assert (User.objects.count(), RoleGrant.objects.count()) == (users, grants)
    phases = sorted(a.phase for a in QuizActivity.objects.all())
    assert phases == ["ended", "open"]
    for activity in QuizActivity.objects.all():
        assert ActivityResult.objects.filter(activity=activity).values("org_id").distinct().count() == 2
        assert [r.participants > 0 for r in unit_board(activity)][:1] == [True]


def test_the_readme_demo_member_passed_the_finished_activity_and_holds_its_certificate(world, monkeypatch):
    # given the README's member login in a union of the demo tree
    monkeypatch.setattr(demo, "ROOT_CODE", "CITY")
    _user, readme_member = another_member(world.org_a, demo.DEMO_MEMBER_PHONE, "演示会员")
    # when
    demo.seed_quizzes()
    # then 我的成绩 and 我的证书 have something to show: a pass in the finished activity and its 答题证书
    ended = QuizActivity.objects.get(title=demo.ENDED_TITLE)
    result = ActivityResult.objects.get(activity=ended, member=readme_member)
    assert result.passed
    assert Certificate.objects.filter(kind="quiz", holder_id=readme_member.pk, owner_id=ended.pk).count() == 1
