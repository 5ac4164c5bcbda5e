"""The figure 学习培训 gives 量化评价 (core.registry.indicator_sources): learning.training_hours 培训学时, per union
over its whole subtree, with the three kinds of hours of the 学时统计 report (selectors.classes.hours_by_member_org):
课时学时 (StudyRecord.hours, credited when 90 % of a lesson was watched; dated by `credited_at`), 结课学时
(CourseCompletion.hours, dated by `completed_at`) and 培训班学时 (Trainee.hours of admitted trainees, the sessions
they checked in to; dated by the class's `starts_on`). Each counts under the union the record names (the member's
union when the study began, the nominating union for a class). One grouped query per kind and tree depth."""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from gonghui.core.registry import IndicatorSource, IndicatorValue, Period, indicator_sources
from gonghui.orgs.rollup import rollup

from .choices import TraineeStatus
from .models import CourseCompletion, StudyRecord, Trainee

TENTH = Decimal("0.1")


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _hours(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(TENTH)


def training_hours(orgs: Sequence[Any], period: Period) -> Mapping[int, IndicatorValue]:
    start, end = _moment(period.start), _moment(period.end + dt.timedelta(days=1))
    lessons = rollup(
        StudyRecord.objects.filter(credited_at__gte=start, credited_at__lt=end), orgs, h=Sum("hours")
    )
    courses = rollup(
        CourseCompletion.objects.filter(completed_at__gte=start, completed_at__lt=end), orgs, h=Sum("hours")
    )
    classes = rollup(
        Trainee.objects.filter(
            status=TraineeStatus.ADMITTED,
            training_class__starts_on__gte=period.start,
            training_class__starts_on__lte=period.end,
        ),
        orgs,
        h=Sum("hours"),
    )
    base = reverse("learning:hours_report")
    result: dict[int, IndicatorValue] = {}
    for org in orgs:
        parts = (_hours(lessons[org.id]["h"]), _hours(courses[org.id]["h"]), _hours(classes[org.id]["h"]))
        total = sum(parts, Decimal("0.0"))
        query = urlencode({"year": period.end.year, "org": org.pk, "view": "union"})
        result[org.id] = IndicatorValue(
            value=total,
            detail=f"课时 {parts[0]} + 结课 {parts[1]} + 培训班 {parts[2]} 学时",
            url=f"{base}?{query}",
        )
    return result


indicator_sources.register(
    "learning.training_hours",
    IndicatorSource(
        key="learning.training_hours",
        label="培训学时",
        unit="小时",
        kind="hours",
        values_for=training_hours,
        description=(
            "本级及下级工会会员在统计期内计入的学时之和，口径同学时统计：课时学时（观看满90%计入，按计入时间）、"
            "结课学时（按完成时间）和培训班学时（已录取学员签到课次的学时，按开班日期）。"
        ),
        order=30,
    ),
)
