"""members' indicator sources on hand-built data: 入会率 and 非在编入会率 as of a period's end from the 会籍变动
history (a transfer counts at the old union before it, a retiree stops counting), records without history by their
dates, and the 入会申请 still waiting at the end."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.core.registry import Period, indicator_sources
from gonghui.members.choices import Employment, JoinStatus, MembershipChangeKind, MemberStatus
from gonghui.members.models import JoinApplication, Member, MembershipChange
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db

Y2020, Y2021 = Period.year(2020), Period.year(2021)


def _change(member: Member, kind: str, day: dt.date, *, to_org=None, from_org=None) -> None:
    MembershipChange.objects.create(
        member=member, kind=kind, happened_on=day, to_org=to_org, from_org=from_org
    )


@pytest.fixture
def tree():
    county = OrgFactory.create(level=OrgLevel.COUNTY, code="MCTY")
    a = OrgFactory.create(parent=county, code="MUNA", headcount_established=8, headcount_contract=2)
    b = OrgFactory.create(parent=county, code="MUNB", headcount_established=10)
    county.refresh_from_db()
    # m1: joined A in 2019
    m1 = MemberFactory.create(org=a, joined_on=dt.date(2019, 1, 5))
    _change(m1, MembershipChangeKind.JOIN, dt.date(2019, 1, 5), to_org=a)
    # m2: joined A in 2018, transferred to B in 2021 (the record now sits in B)
    m2 = MemberFactory.create(org=b, joined_on=dt.date(2018, 1, 5))
    _change(m2, MembershipChangeKind.JOIN, dt.date(2018, 1, 5), to_org=a)
    _change(m2, MembershipChangeKind.TRANSFER_OUT, dt.date(2021, 3, 1), from_org=a, to_org=b)
    _change(m2, MembershipChangeKind.TRANSFER_IN, dt.date(2021, 3, 1), from_org=a, to_org=b)
    # m3: joined A in 2015, retired keeping membership in 2020
    m3 = MemberFactory.create(
        org=a,
        joined_on=dt.date(2015, 1, 5),
        status=MemberStatus.RETIRED_KEPT,
        status_changed_on=dt.date(2020, 6, 1),
    )
    _change(m3, MembershipChangeKind.JOIN, dt.date(2015, 1, 5), to_org=a)
    _change(m3, MembershipChangeKind.RETIRE_KEEP, dt.date(2020, 6, 1), from_org=a)
    # m4, m5: imported without history — 非在编 since 2019, and joined in 2021
    MemberFactory.create(org=a, joined_on=dt.date(2019, 2, 1), employment=Employment.CONTRACT)
    MemberFactory.create(org=a, joined_on=dt.date(2021, 2, 1))
    return county, a, b


def test_join_rate_as_of_the_end_from_history(tree):
    county, a, b = tree
    source = indicator_sources.get("members.join_rate")
    y2020 = source.values_for([county, a, b], Y2020)
    # 2020: m1, m2 (still in A), m4 — not the retiree, not m5
    assert (y2020[a.id].numerator, y2020[a.id].denominator, y2020[a.id].value) == (
        Decimal(3),
        Decimal(10),
        Decimal("30.0"),
    )
    assert y2020[b.id].value == Decimal("0.0")
    assert y2020[county.id].value == Decimal("15.0")  # 3 ÷ 20
    assert "org=MUNA" in y2020[a.id].url
    y2021 = source.values_for([county, a, b], Y2021)
    assert y2021[a.id].numerator == Decimal(3)  # m1, m4, m5
    assert y2021[b.id].numerator == Decimal(1)  # m2 after the transfer
    assert source.values_for([county], Period.year(2014))[county.id].numerator == Decimal(0)


def test_contract_join_rate(tree):
    county, a, b = tree
    values = indicator_sources.get("members.contract_join_rate").values_for([county, a, b], Y2020)
    assert values[a.id].value == Decimal("50.0")  # m4 ÷ 2 非在编
    assert values[b.id].value is None  # no 非在编 headcount: "—"


def test_pending_joins_as_of_the_end(tree):
    county, a, _b = tree

    def application(n: int, status: str, created: dt.datetime, reviewed: dt.datetime | None = None) -> None:
        row = JoinApplication.objects.create(
            org=a,
            status=status,
            name=f"申请人{n}",
            gender="F",
            birth_date=dt.date(1990, 1, 1),
            id_number_encrypted="x",
            id_number_hash=f"hash{n}",
            id_number_masked="4108**********1234",
            phone=f"1380000000{n}",
            reviewed_at=reviewed,
        )
        JoinApplication.objects.filter(pk=row.pk).update(created_at=created)

    tz = timezone.get_current_timezone()
    application(1, JoinStatus.SUBMITTED, dt.datetime(2020, 5, 1, tzinfo=tz))  # still waiting
    application(
        2, JoinStatus.APPROVED, dt.datetime(2020, 11, 1, tzinfo=tz), dt.datetime(2021, 1, 5, tzinfo=tz)
    )
    application(
        3, JoinStatus.APPROVED, dt.datetime(2020, 3, 1, tzinfo=tz), dt.datetime(2020, 3, 5, tzinfo=tz)
    )
    application(4, JoinStatus.SUBMITTED, dt.datetime(2021, 2, 1, tzinfo=tz))  # after the end
    source = indicator_sources.get("members.pending_joins")
    assert source.higher_is_better is False
    assert source.values_for([county], Y2020)[county.id].value == Decimal(2)
    assert source.values_for([county], Y2021)[county.id].value == Decimal(2)  # applications 1 and 4
