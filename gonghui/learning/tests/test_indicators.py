"""learning.training_hours: lesson, course and class hours credited in the period, per union over its subtree."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.core.registry import Period, indicator_sources
from gonghui.learning.choices import TraineeStatus
from gonghui.learning.models import CourseCompletion, StudyRecord, Trainee
from gonghui.learning.tests.factories import make_class, make_course, make_lesson
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def test_training_hours_add_lessons_courses_and_classes_of_the_period(world):
    # given: org A's member credited a lesson (0.5 h) and completed a course (2 h) in 2025, a lesson in 2026;
    # org B's member was admitted to a 2025 class (7.5 h) and another nominee was declined
    course = make_course(org=world.city, actor=world.org_admin, hours=Decimal("2"))
    first, later = make_lesson(course=course), make_lesson(course=course, order=2)
    member_b = MemberFactory.create(org=world.org_b)
    StudyRecord.objects.create(
        member=world.member_a,
        org=world.org_a,
        lesson=first,
        hours="0.5",
        credited_at=_at(dt.date(2025, 3, 1)),
    )
    StudyRecord.objects.create(
        member=world.member_a,
        org=world.org_a,
        lesson=later,
        hours="0.5",
        credited_at=_at(dt.date(2026, 1, 1)),
    )
    CourseCompletion.objects.create(
        member=world.member_a,
        org=world.org_a,
        course=course,
        hours="2",
        completed_at=_at(dt.date(2025, 3, 2)),
    )
    klass = make_class(org=world.city, actor=world.org_admin, starts_on=dt.date(2025, 6, 1))
    for member, status in ((member_b, TraineeStatus.ADMITTED), (world.member_a, TraineeStatus.DECLINED)):
        Trainee.objects.create(
            training_class=klass,
            org=member.org,
            member=member,
            status=status,
            hours="7.5",
            nominated_by=world.org_admin,
        )
    orgs = [world.city, world.county_x, world.org_a, world.org_b]

    # when
    values = indicator_sources.get("learning.training_hours").values_for(orgs, Period.year(2025))

    # then
    assert {org.code: values[org.id].value for org in orgs} == {
        "CITY": Decimal("10.0"),
        "CX": Decimal("2.5"),
        "ORGA": Decimal("2.5"),
        "ORGB": Decimal("7.5"),
    }
    assert values[world.org_a.id].detail == "课时 0.5 + 结课 2.0 + 培训班 0.0 学时"
    assert f"org={world.org_a.pk}" in values[world.org_a.id].url
