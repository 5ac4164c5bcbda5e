"""Every registered indicator source (core.registry.indicator_sources, whichever app registered it): a value for
every union asked, in a number of queries that does not grow from 15 to 60 unions of every depth (a query per union,
or per union of one depth, would differ), and as-of values read from history (入会率 of a past year)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.registry import IndicatorValue, Period, indicator_sources
from gonghui.members.choices import MembershipChangeKind, MemberStatus
from gonghui.members.models import MembershipChange
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory

pytestmark = pytest.mark.django_db

SOURCES = list(indicator_sources)
PERIOD = Period.year(2020)
COUNTIES = 4
SMALL, LARGE = 15, 60


def _bulk_tree(size: int) -> list[Org]:
    """A city union, COUNTIES county unions under it and grassroots unions under those, `size` orgs in all, written
    with bulk_create (treebeard paths built by hand), so the tree costs a few queries."""
    root = OrgFactory.create(level=OrgLevel.CITY, code="BULK", name="批量市总工会", unit_name="批量市")
    counties = [
        Org(
            path=Org._get_path(root.path, 2, i + 1),
            depth=2,
            numchild=0,
            name=f"批量县{i}工会",
            unit_name=f"批量县{i}",
            code=f"BK{i:03d}",
            level=OrgLevel.COUNTY,
            headcount_established=10,
        )
        for i in range(COUNTIES)
    ]
    Org.objects.bulk_create(counties)
    units = []
    for n in range(size - 1 - COUNTIES):
        county = counties[n % COUNTIES]
        units.append(
            Org(
                path=Org._get_path(county.path, 3, n // COUNTIES + 1),
                depth=3,
                numchild=0,
                name=f"批量单位{n}工会",
                unit_name=f"批量单位{n}",
                code=f"BU{n:05d}",
                level=OrgLevel.GRASSROOTS,
                headcount_established=5,
            )
        )
    Org.objects.bulk_create(units)
    return list(Org.objects.filter(path__startswith=root.path).order_by("depth", "path"))


@pytest.fixture
def tree() -> list[Org]:
    orgs = _bulk_tree(LARGE)
    # a little data for the member figures, so the queries are not trivially empty
    MemberFactory.create(org=orgs[-1], joined_on=dt.date(2019, 3, 1))
    return orgs


def _mixed(orgs: list[Org], n: int) -> list[Org]:
    """`n` orgs of every depth of the tree (the root, counties and units), as an overview asks."""
    by_depth = {d: [o for o in orgs if o.depth == d] for d in (1, 2, 3)}
    return by_depth[1] + by_depth[2][:2] + by_depth[3][: n - 3]


def _queries(source, orgs: list[Org]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        source.values_for(orgs, PERIOD)
    return len(ctx.captured_queries)


def test_sources_registered():
    keys = indicator_sources.keys()
    for key in (
        "members.join_rate",
        "members.contract_join_rate",
        "members.pending_joins",
        "orgs.founding_rate",
        "orgs.women_committee_rate",
        "reports.on_time_rate",
        "reports.overdue",
        "documents.receipt_rate",
        "appeals.on_time_rate",
        "appeals.satisfaction",
        "appeals.overdue",
        "legal.aid_review_days",
        "quizzes.participation_rate",
    ):
        assert key in keys
    for source in SOURCES:
        assert source.key.split(".")[0]
        assert source.description
        assert source.label
        assert source.kind in {"rate", "count", "amount", "hours", "days", "score"}, source.key


def test_every_source_gives_every_org_a_value_in_flat_queries(tree):
    """One tree of 60 unions for all sources (built once: the test stays fast as sources are added)."""
    small, large = _mixed(tree, SMALL), tree
    assert len(small) == SMALL
    assert len(large) == LARGE
    problems = []
    for source in SOURCES:
        values = source.values_for(large, PERIOD)
        if set(values) != {o.id for o in large} or not all(
            isinstance(v, IndicatorValue) for v in values.values()
        ):
            problems.append(f"{source.key}: not one IndicatorValue per org")
        if source.kind == "rate" and any(
            v.value is not None and not Decimal(0) <= v.value <= Decimal(100) for v in values.values()
        ):
            problems.append(f"{source.key}: a rate outside 0–100")
        few, many = _queries(source, small), _queries(source, large)
        if few != many:
            problems.append(f"{source.key}: {few} queries for {SMALL} orgs, {many} for {LARGE}")
    assert problems == []


def test_join_rate_past_period_reads_history():
    """A member who joined in 2019 and left in 2021 counts in 2020, not in 2022; one who joined in 2022 the other
    way round — whatever their status today."""
    org = OrgFactory.create(code="HIST", headcount_established=10)
    left = MemberFactory.create(
        org=org,
        joined_on=dt.date(2019, 3, 1),
        status=MemberStatus.LEFT,
        status_changed_on=dt.date(2021, 6, 1),
    )
    MembershipChange.objects.create(
        member=left, kind=MembershipChangeKind.JOIN, to_org=org, happened_on=dt.date(2019, 3, 1)
    )
    MembershipChange.objects.create(
        member=left, kind=MembershipChangeKind.LEAVE, from_org=org, happened_on=dt.date(2021, 6, 1)
    )
    new = MemberFactory.create(org=org, joined_on=dt.date(2022, 2, 1))
    MembershipChange.objects.create(
        member=new, kind=MembershipChangeKind.JOIN, to_org=org, happened_on=dt.date(2022, 2, 1)
    )
    source = indicator_sources.get("members.join_rate")
    past = source.values_for([org], Period.year(2020))[org.id]
    assert (past.value, past.numerator, past.denominator) == (Decimal("10.0"), Decimal(1), Decimal(10))
    later = source.values_for([org], Period.year(2022))[org.id]
    assert later.numerator == 1
    assert later.value == Decimal("10.0")
    before = source.values_for([org], Period.year(2018))[org.id]
    assert before.numerator == 0
    assert before.value == Decimal("0.0")
