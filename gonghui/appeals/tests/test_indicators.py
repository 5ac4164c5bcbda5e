"""appeals' indicator sources on hand-built data: 诉求按期办结率, 满意率 and 超期未办结 as of a period's end, per
handling union over its subtree."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from gonghui.appeals.choices import AppealStatus, Rating
from gonghui.appeals.models import Appeal
from gonghui.appeals.tests.factories import category
from gonghui.core.registry import Period, indicator_sources
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
_numbers = itertools.count(1)


def _appeal(org, submitted: dt.date, **fields) -> Appeal:
    n = next(_numbers)
    fields.setdefault("reply_due", submitted + dt.timedelta(days=20))
    return Appeal.objects.create(
        org=org,
        origin_org=org,
        number=f"SQ-T-{n:04d}",
        category=category(),
        contact_name="张老师",
        title="拖欠课时费",
        description="拖欠课时费三个月",
        text_digest=f"d{n}",
        submitted_on=submitted,
        accept_due=submitted + dt.timedelta(days=5),
        **fields,
    )


@pytest.fixture
def tree():
    county = OrgFactory.create(level=OrgLevel.COUNTY, code="ACTY")
    a = OrgFactory.create(parent=county, code="AUNA")
    county.refresh_from_db()
    d = dt.date(2020, 3, 2)
    _appeal(
        a,
        d,
        status=AppealStatus.RATED,
        replied_on=d + dt.timedelta(days=10),
        rating=Rating.SATISFIED,
        rated_at=dt.datetime(2020, 4, 1, tzinfo=TZ),
    )
    _appeal(
        a,
        d,
        status=AppealStatus.RATED,
        replied_on=d + dt.timedelta(days=40),
        was_overdue=True,
        rating=Rating.UNSATISFIED,
        rated_at=dt.datetime(2020, 5, 1, tzinfo=TZ),
    )
    _appeal(a, d, status=AppealStatus.IN_PROGRESS)  # never answered: overdue since March
    _appeal(a, d, status=AppealStatus.REJECTED)
    _appeal(county, dt.date(2020, 12, 28), status=AppealStatus.ACCEPTED)  # not yet due at the end
    return county, a


def test_on_time_rate_and_satisfaction(tree):
    county, a = tree
    rate = indicator_sources.get("appeals.on_time_rate").values_for([county, a], Period.year(2020))
    assert (rate[county.id].numerator, rate[county.id].denominator) == (Decimal(1), Decimal(3))
    assert rate[a.id].value == Decimal("33.3")
    satisfaction = indicator_sources.get("appeals.satisfaction").values_for([county], Period.year(2020))
    assert satisfaction[county.id].value == Decimal("50.0")
    assert "org=ACTY" in satisfaction[county.id].url


def test_overdue_past_and_now(tree):
    county, a = tree
    source = indicator_sources.get("appeals.overdue")
    assert source.higher_is_better is False
    assert source.values_for([county, a], Period.year(2020))[a.id].value == Decimal(1)
    # today: the desk's own rule — the open case past its reply deadline and the accepted one past its own
    today = source.values_for([county], Period.year(2099))[county.id]
    assert today.value == Decimal(2)
