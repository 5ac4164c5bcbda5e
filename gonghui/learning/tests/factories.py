"""Learning rows for tests, written straight to the tables so each part's tests stand alone; parts whose services
exist build on them in their own factories (tests/factories_<part>.py)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.learning.choices import ClassStatus, CourseStatus, LessonKind
from gonghui.learning.models import Course, Lesson, TrainingClass, TrainingSession


def make_course(*, org: Any, actor: Any, title: str = "学习新修订的《工会法》", **extra: Any) -> Course:
    """A published course of `org` (no lessons: see make_lesson)."""
    status = extra.pop("status", CourseStatus.PUBLISHED)
    return Course.objects.create(
        org=org,
        title=title,
        status=status,
        published_at=timezone.now() if status == CourseStatus.PUBLISHED else None,
        created_by=actor,
        **extra,
    )


def make_lesson(*, course: Course, order: int = 1, duration_seconds: int = 600, **extra: Any) -> Lesson:
    return Lesson.objects.create(
        course=course,
        order=order,
        title=extra.pop("title", f"第{order}讲"),
        kind=extra.pop("kind", LessonKind.VIDEO),
        duration_seconds=duration_seconds,
        hours=extra.pop("hours", Decimal("0.5")),
        **extra,
    )


def make_class(*, org: Any, actor: Any, title: str = "基层工会主席培训班", **extra: Any) -> TrainingClass:
    """A class of `org` open for nominations, starting in 30 days for three days."""
    starts_on = extra.pop("starts_on", timezone.localdate() + dt.timedelta(days=30))
    return TrainingClass.objects.create(
        org=org,
        title=title,
        year=starts_on.year,
        starts_on=starts_on,
        ends_on=extra.pop("ends_on", starts_on + dt.timedelta(days=2)),
        place=extra.pop("place", "市总工会职工培训中心"),
        seats=extra.pop("seats", 60),
        status=extra.pop("status", ClassStatus.NOMINATING),
        created_by=actor,
        **extra,
    )


def make_session(*, training_class: TrainingClass, day: int = 0, **extra: Any) -> TrainingSession:
    """A morning session on the class's `day`-th day (09:00–11:30, 2.5 hours)."""
    date = training_class.starts_on + dt.timedelta(days=day)
    starts_at = timezone.make_aware(dt.datetime.combine(date, dt.time(9, 0)))
    return TrainingSession.objects.create(
        training_class=training_class,
        topic=extra.pop("topic", "工会法解读"),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2, minutes=30),
        hours=extra.pop("hours", Decimal("2.5")),
        **extra,
    )
