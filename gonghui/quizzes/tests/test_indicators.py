"""quizzes' indicator source on hand-built data: 答题参与率 — members who answered any quiz of the period, once
each, ÷ the serving members at its end."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.registry import Period, indicator_sources
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.quizzes.choices import ActivityStatus
from gonghui.quizzes.models import Attempt, QuizActivity

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def test_participation_rate():
    county = OrgFactory.create(level=OrgLevel.COUNTY, code="QCTY")
    a = OrgFactory.create(parent=county, code="QUNA")
    b = OrgFactory.create(parent=county, code="QUNB")
    county.refresh_from_db()
    members = [MemberFactory.create(org=a, joined_on=dt.date(2019, 1, 1)) for _ in range(3)]
    members.append(MemberFactory.create(org=b, joined_on=dt.date(2019, 1, 1)))
    start = dt.datetime(2020, 5, 1, 9, tzinfo=TZ)

    def quiz(status: str) -> QuizActivity:
        return QuizActivity.objects.create(
            org=county,
            title="工会法知识答题",
            status=status,
            starts_at=start,
            ends_at=start + dt.timedelta(days=7),
            draw_rules=[],
        )

    first, second, draft = (
        quiz(ActivityStatus.PUBLISHED),
        quiz(ActivityStatus.PUBLISHED),
        quiz(ActivityStatus.DRAFT),
    )

    def attempt(activity: QuizActivity, member, when: dt.datetime) -> None:
        Attempt.objects.create(
            activity=activity,
            member=member,
            org=member.org,
            status="submitted",
            started_at=when,
            started_on=when.date(),
            deadline_at=when + dt.timedelta(minutes=10),
        )

    attempt(first, members[0], start)
    attempt(second, members[0], start)  # the same member twice: counted once
    attempt(first, members[1], start)
    attempt(draft, members[3], start)  # a draft's attempts never count
    attempt(first, members[3], dt.datetime(2021, 1, 2, tzinfo=TZ))  # another period
    values = indicator_sources.get("quizzes.participation_rate").values_for([county, a, b], Period.year(2020))
    assert (values[county.id].numerator, values[county.id].denominator) == (Decimal(2), Decimal(4))
    assert values[a.id].value == Decimal("66.7")
    assert values[b.id].value == Decimal("0.0")
