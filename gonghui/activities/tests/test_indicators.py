"""The activities' indicator sources: activities held and volunteer hours per union over its subtree, as of the
period's end, with the list behind each figure."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.activities.choices import ActivityStatus, ServiceRecordStatus
from gonghui.activities.models import ServiceRecord
from gonghui.activities.tests.factories import make_activity
from gonghui.activities.tests.factories_volunteers import enter, make_project, make_team
from gonghui.core.registry import Period, indicator_sources

pytestmark = pytest.mark.django_db


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def test_activities_held_counts_published_activities_started_in_the_period_per_subtree(world):
    # given: two 2025 activities of org A (one cancelled), one of county Y's union, one of org A in 2024
    for status in (ActivityStatus.PUBLISHED, ActivityStatus.CANCELLED):
        make_activity(
            org=world.org_a, actor=world.org_admin, status=status, starts_at=_at(dt.date(2025, 5, 1))
        )
    make_activity(org=world.county_y, actor=world.org_admin, starts_at=_at(dt.date(2025, 12, 31)))
    make_activity(org=world.org_a, actor=world.org_admin, starts_at=_at(dt.date(2024, 12, 31)))
    orgs = [world.city, world.county_x, world.org_a, world.org_b]

    # when
    values = indicator_sources.get("activities.held").values_for(orgs, Period.year(2025))

    # then
    assert {org.code: values[org.id].value for org in orgs} == {"CITY": 2, "CX": 1, "ORGA": 1, "ORGB": 0}
    assert values[world.org_a.id].url.endswith("?org=ORGA")


def test_volunteer_hours_sum_records_served_in_the_period_and_counted_by_its_end(world):
    # given: org A's team serves 3 h (+ 2 h journey) and 2.5 h on two days
    team = make_team(org=world.org_a, actor=world.org_admin, members=(world.member_a,))
    project = make_project(team=team, actor=world.org_admin)
    first = enter(project=project, actor=world.org_admin, rows=[(world.member_a, "3", "2")], days_ago=30)
    second = enter(project=project, actor=world.org_admin, rows=[(world.member_a, "2.5", "0")], days_ago=20)
    today = timezone.localdate()
    counted = ServiceRecord.objects.filter(pk__in=[first[0].pk, second[0].pk])
    counted.update(status=ServiceRecordStatus.COUNTED, counted_at=timezone.now())
    # the second record was counted only after the period's end
    ServiceRecord.objects.filter(pk=second[0].pk).update(counted_at=timezone.now() + dt.timedelta(days=2))
    source = indicator_sources.get("activities.volunteer_hours")

    # when
    values = source.values_for(
        [world.city, world.county_y, world.org_a], Period(today - dt.timedelta(days=60), today)
    )

    # then: the journey is never summed, and what was counted after the end waits
    assert values[world.city.id].value == Decimal("3.0")
    assert values[world.org_a.id].value == Decimal("3.0")
    assert values[world.county_y.id].value == Decimal("0.0")
    assert f"org={world.org_a.pk}" in values[world.org_a.id].url
    assert source.section == "活动与帮扶"
