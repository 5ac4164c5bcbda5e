"""orgs' indicator sources on hand-built data: 建会进度 from the register and the new unions' 建会日期, and
女职工委员会组建率 of the grassroots unions, both as of a period's end."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.registry import Period, indicator_sources
from gonghui.orgs.choices import CommitteeKind, FoundingStatus, OrgLevel
from gonghui.orgs.models import Committee, UnionFounding
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db


def test_founding_rate_as_of_the_end():
    county = OrgFactory.create(level=OrgLevel.COUNTY, code="FCTY")
    early = OrgFactory.create(parent=county, code="FUN1", founded_on=dt.date(2020, 3, 1))
    late = OrgFactory.create(parent=county, code="FUN2", founded_on=dt.date(2021, 5, 1))
    county.refresh_from_db()
    rows = [
        UnionFounding.objects.create(org=county, unit_name="甲民办学校", status=FoundingStatus.NOT_FOUNDED),
        UnionFounding.objects.create(
            org=county, unit_name="乙民办学校", status=FoundingStatus.FOUNDED, founded_org=early
        ),
        UnionFounding.objects.create(
            org=county, unit_name="丙民办医院", status=FoundingStatus.COMPLETE, founded_org=late
        ),
        UnionFounding.objects.create(org=county, unit_name="丁民办学校", status=FoundingStatus.APPLIED),
    ]
    UnionFounding.objects.filter(pk__in=[r.pk for r in rows[:3]]).update(
        created_at=dt.datetime(2019, 6, 1, tzinfo=dt.UTC)
    )
    source = indicator_sources.get("orgs.founding_rate")
    y2020 = source.values_for([county, early], Period.year(2020))
    assert (y2020[county.id].numerator, y2020[county.id].denominator) == (Decimal(1), Decimal(3))
    assert y2020[county.id].value == Decimal("33.3")
    assert y2020[early.id].value is None  # supervises no unit: "—"
    assert source.values_for([county], Period.year(2026))[county.id].value == Decimal("50.0")  # 2 ÷ 4


def test_women_committee_rate_of_grassroots_unions():
    county = OrgFactory.create(level=OrgLevel.COUNTY, code="WCTY")
    a = OrgFactory.create(parent=county, code="WUNA")
    b = OrgFactory.create(parent=county, code="WUNB")
    branch = OrgFactory.create(parent=a, code="WBR", level=OrgLevel.BRANCH)
    county.refresh_from_db()
    Committee.objects.create(org=a, kind=CommitteeKind.WOMEN, elected_on=dt.date(2019, 4, 1))
    Committee.objects.create(org=b, kind=CommitteeKind.WOMEN, elected_on=dt.date(2021, 4, 1))
    Committee.objects.create(org=branch, kind=CommitteeKind.WOMEN, elected_on=dt.date(2019, 4, 1))
    Committee.objects.create(org=b, kind=CommitteeKind.AUDIT, elected_on=dt.date(2019, 4, 1))
    source = indicator_sources.get("orgs.women_committee_rate")
    y2020 = source.values_for([county, a, b], Period.year(2020))
    assert (y2020[county.id].numerator, y2020[county.id].denominator) == (Decimal(1), Decimal(2))
    assert y2020[a.id].value == Decimal("100.0")
    assert y2020[b.id].value == Decimal("0.0")
    assert source.values_for([county], Period.year(2021))[county.id].value == Decimal("100.0")
