"""PostgreSQL: two heartbeats of the same member and lesson arrive at the same instant, both reaching 90 % — the
record is locked for the beat, so exactly one credits the lesson (and completes the course once)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from gonghui.learning.models import CourseCompletion, StudyRecord
from gonghui.learning.services.courses import study_beat

from .factories_courses import make_course_with_lessons

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_concurrent_beats_credit_the_lesson_once(world, run_concurrently):
    course, (lesson,) = make_course_with_lessons(
        org=world.org_a, actor=world.org_admin, duration_seconds=100, hours=Decimal("1.0")
    )
    now = timezone.now()
    StudyRecord.objects.create(
        member=world.member_a,
        org=world.org_a,
        lesson=lesson,
        watched=[[0, 85]],
        watched_seconds=85,
        last_beat_at=now - dt.timedelta(seconds=10),
        last_beat_position=85,
    )
    with time_machine.travel(now, tick=False):
        results, errors = run_concurrently(
            *[lambda: study_beat(member=world.member_a, lesson=lesson, position=95) for _ in range(2)]
        )
    assert errors == []
    assert sorted(beat.credited_now for beat in results) == [False, True]
    record = StudyRecord.objects.get(lesson=lesson)
    assert record.watched_seconds == 95
    assert record.hours == Decimal("0.5")
    assert CourseCompletion.objects.filter(course=course).count() == 1
