"""documents' indicator source on hand-built data: 公文签收率 of the deliveries made in a period, signed by its end."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.registry import Period, indicator_sources
from gonghui.documents.choices import DocumentStatus
from gonghui.documents.models import Document, Receipt
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def test_receipt_rate():
    city = OrgFactory.create(level=OrgLevel.CITY, code="DCITY")
    county = OrgFactory.create(parent=city, level=OrgLevel.COUNTY, code="DCTY")
    a = OrgFactory.create(parent=county, code="DUNA")
    county.refresh_from_db()
    issued = Document.objects.create(org=city, series="测教工", title="通知", status=DocumentStatus.ISSUED)
    other = Document.objects.create(org=city, series="测教工", title="通报", status=DocumentStatus.ISSUED)
    withdrawn = Document.objects.create(
        org=city, series="测教工", title="撤回", status=DocumentStatus.WITHDRAWN
    )
    day = dt.datetime(2020, 5, 1, 9, tzinfo=TZ)
    Receipt.objects.create(
        document=issued, org=county, delivered_at=day, signed_at=day + dt.timedelta(days=1)
    )
    Receipt.objects.create(
        document=issued, org=a, delivered_at=day, signed_at=dt.datetime(2021, 1, 2, tzinfo=TZ)
    )
    Receipt.objects.create(document=other, org=a, delivered_at=day)
    Receipt.objects.create(document=withdrawn, org=a, delivered_at=day)
    Receipt.objects.create(document=other, org=county, delivered_at=dt.datetime(2021, 3, 1, tzinfo=TZ))
    source = indicator_sources.get("documents.receipt_rate")
    values = source.values_for([county, a], Period.year(2020))
    assert (values[county.id].numerator, values[county.id].denominator) == (Decimal(1), Decimal(3))
    assert values[a.id].value == Decimal("0.0")  # signed only in 2021, the other never
    assert "org=DUNA" in values[a.id].url
    assert source.values_for([a], Period.year(2021))[a.id].value is None  # nothing delivered in 2021
