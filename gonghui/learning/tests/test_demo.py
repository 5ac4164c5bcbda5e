"""The demo 学习培训 on the demo tree, accounts and members (seeded once for this module, rolled back after): the
2021 工会法 course with its quiz and certificate (three members finished it, the README member part-way through
heartbeats), the cadre course, the finished 2020 class (quotas, check-ins, hours, assessments, certificates), next
year's class open for nomination and ten 业务指导 questions; a second run adds nothing."""

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.demo import seed_accounts
from gonghui.accounts.models import RoleGrant, User
from gonghui.certificates.models import Certificate
from gonghui.checkins.models import CheckIn
from gonghui.learning.choices import (
    ClassStatus,
    CourseAudience,
    CourseStatus,
    LessonKind,
    QuestionStatus,
    TraineeStatus,
)
from gonghui.learning.demo import seed_learning
from gonghui.learning.demo_texts import CADRE_COURSE_TITLE, CLASS_2020_TITLE, LAW_COURSE_TITLE
from gonghui.learning.models import (
    CREDIT_SHARE,
    Course,
    CourseCompletion,
    GuidanceQuestion,
    StudyRecord,
    Trainee,
    TrainingClass,
)
from gonghui.members.demo import seed_members
from gonghui.orgs.demo import seed_orgs
from gonghui.quizzes.models import QuizActivity
from tests.demo_seeding import Seeded, seeded_twice

pytestmark = pytest.mark.django_db

# The first members of the demo's 3,000 (the same people, the README member 13900000001 first, in the same
# unions: the placement draws are the same prefix): every fact below needs a few members in a few unions, and
# seeding all 3,000 took most of this module's time.
DEMO_MEMBERS = 400


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "grants": RoleGrant.objects.count(),
        "courses": Course.objects.count(),
        "records": StudyRecord.objects.count(),
        "completions": CourseCompletion.objects.count(),
        "quizzes": QuizActivity.objects.count(),
        "classes": TrainingClass.objects.count(),
        "trainees": Trainee.objects.count(),
        "checkins": CheckIn.objects.count(),
        "certificates": Certificate.objects.count(),
        "questions": GuidanceQuestion.objects.count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with (
        django_db_blocker.unblock(),
        seeded_twice(
            seed_learning,
            before=(seed_orgs, seed_accounts, seed_members),
            counts=_counts,
            members=DEMO_MEMBERS,
        ) as seeded,
    ):
        yield seeded


def test_a_second_run_adds_nothing_and_no_account(seeded: Seeded) -> None:
    assert "本次新建" in seeded.first
    assert seeded.second.endswith("本次无新增")
    assert seeded.after_second == seeded.after_first
    assert seeded.after_first["users"] == seeded.before["users"]
    assert seeded.after_first["grants"] == seeded.before["grants"]


def test_the_law_course_has_its_lessons_quiz_and_certificates(seeded: Seeded) -> None:
    course = Course.objects.get(title=LAW_COURSE_TITLE)
    assert (course.status, course.audience, course.certificate) == (
        CourseStatus.PUBLISHED,
        CourseAudience.MEMBERS,
        True,
    )
    assert course.quiz is not None
    lessons = list(course.lessons.order_by("order"))
    assert [lesson.kind for lesson in lessons] == [LessonKind.ARTICLE] * 3 + [LessonKind.DOCUMENT]
    assert lessons[-1].media is not None
    completions = list(CourseCompletion.objects.filter(course=course))
    assert len(completions) == 3
    assert all(c.certificate is not None and c.hours == Decimal("1.0") for c in completions)
    for completion in completions:
        credited = StudyRecord.objects.filter(
            member=completion.member, lesson__course=course, credited_at__isnull=False
        )
        assert credited.count() == 4


def test_the_readme_member_is_part_way_through_by_heartbeats(seeded: Seeded) -> None:
    course = Course.objects.get(title=LAW_COURSE_TITLE)
    records = list(
        StudyRecord.objects.filter(member__phone="13900000001", lesson__course=course).order_by(
            "lesson__order"
        )
    )
    assert len(records) == 2
    done, half = records
    assert done.credited_at is not None
    assert done.hours == done.lesson.hours
    assert half.credited_at is None
    assert 0 < half.watched_seconds < CREDIT_SHARE * half.lesson.duration_seconds
    assert half.watched_seconds >= half.lesson.duration_seconds // 2 - 15
    assert not CourseCompletion.objects.filter(member__phone="13900000001").exists()
    client = Client()
    client.force_login(User.objects.get(phone="13900000001"))
    response = client.get(reverse("learning_portal:course_detail", args=[course.public_id]))
    assert response.status_code == 200


def test_the_cadre_course_is_published_for_cadres(seeded: Seeded) -> None:
    course = Course.objects.get(title=CADRE_COURSE_TITLE)
    assert (course.status, course.audience, course.lessons.count()) == (
        CourseStatus.PUBLISHED,
        CourseAudience.CADRES,
        3,
    )


def test_the_2020_class_finished_with_hours_and_certificates(seeded: Seeded) -> None:
    training_class = TrainingClass.objects.get(title=CLASS_2020_TITLE)
    assert (training_class.status, training_class.year) == (ClassStatus.FINISHED, 2020)
    assert training_class.sessions.count() == 3
    trainees = list(training_class.trainees.select_related("org"))
    assert len(trainees) == 6
    assert {t.org.code for t in trainees} == {"JFQ", "SYQ", "BAX"}
    assert {t.status for t in trainees} == {TraineeStatus.ADMITTED}
    assert all(t.certificate is not None and t.result for t in trainees)
    assert sorted(t.hours for t in trainees) == [Decimal("6.0")] + [Decimal("9.0")] * 5
    assert all(t.quota_use is not None for t in trainees)


def test_next_years_class_is_open_and_the_county_admin_may_nominate(seeded: Seeded) -> None:
    training_class = TrainingClass.objects.get(status=ClassStatus.NOMINATING)
    assert training_class.year > 2020
    assert training_class.trainees.count() == 1
    client = Client()
    client.force_login(User.objects.get(username="jfq_admin"))
    response = client.get(reverse("learning:trainee_nominate", args=[training_class.public_id]))
    assert response.status_code == 200


def test_ten_guidance_questions_most_shared_two_open(seeded: Seeded) -> None:
    questions = GuidanceQuestion.objects.select_related("asked_by", "asker_org")
    assert questions.count() == 10
    assert questions.filter(status=QuestionStatus.OPEN).count() == 2
    assert questions.filter(status=QuestionStatus.CLOSED).count() == 1
    shared = list(questions.filter(shared=True))
    assert len(shared) == 7
    for question in shared:
        for text in (question.shared_title, question.shared_body, question.answer):
            assert question.asker_org.name not in text
            assert question.asked_by.username not in text
    assert {q.asked_by.username.split("_")[1] for q in questions} == {"admin"}
    assert {q.asker_org.level for q in questions} == {"grassroots"}
