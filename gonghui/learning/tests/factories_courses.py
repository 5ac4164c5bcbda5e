"""Courses part test helpers: a published course with lessons through the skeleton's factories, a passed quiz
result, and moving the server clock for heartbeats."""

from decimal import Decimal
from typing import Any

from gonghui.learning.models import Course, Lesson
from gonghui.learning.tests.factories import make_course, make_lesson


def make_course_with_lessons(
    *, org: Any, actor: Any, lessons: int = 1, duration_seconds: int = 100, **extra: Any
) -> tuple[Course, list[Lesson]]:
    course = make_course(org=org, actor=actor, **extra)
    return course, [
        make_lesson(course=course, order=n, duration_seconds=duration_seconds, hours=Decimal("0.5"))
        for n in range(1, lessons + 1)
    ]


def quiz_result(*, activity: Any, member: Any, passed: bool) -> Any:
    """The member's counted result of a quiz activity (what the quiz engine writes after a submit)."""
    from gonghui.quizzes.models import ActivityResult

    return ActivityResult.objects.create(
        activity=activity,
        member=member,
        org=member.org,
        score=90 if passed else 40,
        attempts=1,
        passed=passed,
    )
