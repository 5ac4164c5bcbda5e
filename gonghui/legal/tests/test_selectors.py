"""Statistics for the evaluation module, the review markers and the shared 律师库."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.legal.choices import AidStatus, ConsultationStatus
from gonghui.legal.selectors import aid_review_state, lawyers_available_for, legal_statistics

from .factories import make_application, make_consultation, make_lawyer

pytestmark = pytest.mark.django_db


def test_statistics_count_states_outcomes_amounts_and_review_days(world, handler_a, handler_b, lawyer_a):
    # given
    make_consultation(world.org_a)
    make_consultation(world.org_a, status=ConsultationStatus.PUBLISHED)
    make_consultation(world.org_b)
    make_application(world.org_a, submitted_on=dt.date(2026, 1, 5))  # overdue on 2026-03-02
    make_application(world.org_a, status=AidStatus.REJECTED, review_workdays=4)
    make_application(
        world.org_a,
        status=AidStatus.CLOSED,
        lawyer=lawyer_a,
        outcome="mediated",
        amount_recovered=Decimal("8000"),
        review_workdays=12,
        reviewed_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
    )
    make_application(world.org_b, status=AidStatus.REJECTED, review_workdays=1)
    # when
    stats = legal_statistics(user=handler_a, today=dt.date(2026, 3, 2))
    # then
    assert stats.consultations_by_status == {"pending": 1, "answered": 0, "published": 1}
    assert stats.applications_by_status == {"submitted": 1, "approved": 0, "rejected": 1, "closed": 1}
    assert stats.outcomes == {"mediated": 1, "arbitration": 0, "litigation": 0, "withdrawn": 0, "other": 0}
    assert (stats.amount_involved, stats.amount_recovered) == (Decimal("30000"), Decimal("8000"))
    assert (stats.reviewed, stats.average_review_workdays, stats.reviewed_late, stats.overdue_now) == (
        2,
        8.0,
        1,
        1,
    )
    assert legal_statistics(user=handler_b).applications == 1


def test_review_state_markers(world):
    application = make_application(world.org_a, submitted_on=dt.date(2026, 3, 2))  # due 2026-03-16
    assert aid_review_state(application, dt.date(2026, 3, 3)) == ""
    assert aid_review_state(application, dt.date(2026, 3, 14)) == "due_soon"
    assert aid_review_state(application, dt.date(2026, 3, 16)) == "due_soon"
    assert aid_review_state(application, dt.date(2026, 3, 17)) == "overdue"


def test_lawyers_available_are_those_of_the_union_and_above(world):
    city = make_lawyer(world.city, name="市律师")
    county = make_lawyer(world.county_x, name="甲县律师")
    own = make_lawyer(world.org_a, name="甲律师")
    make_lawyer(world.org_b, name="乙律师")
    make_lawyer(world.org_a, name="停用律师", active=False)
    assert list(lawyers_available_for(world.org_a)) == sorted(
        [city, county, own], key=lambda x: (x.name, x.pk)
    )
    assert list(lawyers_available_for(world.county_x)) == sorted([city, county], key=lambda x: (x.name, x.pk))
