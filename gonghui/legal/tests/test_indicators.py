"""legal's indicator source on hand-built data: 法律援助审查平均用时 of the applications of a period reviewed by its
end."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.registry import Period, indicator_sources
from gonghui.legal.choices import AidStatus
from gonghui.legal.tests.factories import make_application
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def test_aid_review_days():
    county = OrgFactory.create(level=OrgLevel.COUNTY, code="LCTY")
    a = OrgFactory.create(parent=county, code="LUNA")
    county.refresh_from_db()
    d = dt.date(2020, 3, 2)
    make_application(
        a,
        status=AidStatus.REJECTED,
        submitted_on=d,
        review_workdays=4,
        reviewed_at=dt.datetime(2020, 3, 6, tzinfo=TZ),
    )
    make_application(
        county,
        status=AidStatus.REJECTED,
        submitted_on=d,
        review_workdays=9,
        reviewed_at=dt.datetime(2020, 3, 13, tzinfo=TZ),
    )
    make_application(a, submitted_on=d)  # not reviewed
    make_application(
        a,
        status=AidStatus.REJECTED,
        submitted_on=dt.date(2020, 12, 30),
        review_workdays=3,
        reviewed_at=dt.datetime(2021, 1, 4, tzinfo=TZ),
    )  # reviewed after the end
    source = indicator_sources.get("legal.aid_review_days")
    assert source.higher_is_better is False
    values = source.values_for([county, a], Period.year(2020))
    assert values[county.id].value == Decimal("6.5")
    assert (values[a.id].value, values[a.id].denominator) == (Decimal("4.0"), Decimal(1))
    assert source.values_for([a], Period.year(2019))[a.id].value is None
