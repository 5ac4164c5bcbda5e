"""民主管理 indicator sources: 建制率 and 二级教代会 coverage as of the period's end, the proposal reply and satisfaction
rates of the period (the congress report's definitions), 按期换届 read from the 换届 records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.congresses.choices import ElectionStatus, ProposalStatus, ReplyType, Satisfaction
from gonghui.congresses.models import ProposalReply
from gonghui.congresses.selectors.contracts import contract_coverage
from gonghui.congresses.tests.factories import make_congress, make_election, make_proposal
from gonghui.congresses.tests.factories_congress import make_branch, seated_congress
from gonghui.congresses.tests.factories_contracts import effective
from gonghui.core.registry import Period, indicator_sources
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db
D = dt.date


def _ratio(value):
    return (int(value.numerator), int(value.denominator))


def _values(key, orgs, period):
    values = indicator_sources.get(key).values_for(orgs, period)
    return {org.code: values[org.id].value for org in orgs}


def test_contract_rate_counts_contracts_in_force_on_the_end(world):
    # given: org A's 综合集体合同 takes effect in October 2025 (signed 2025-09-26, filed 2025-09-30); org B has none
    effective(org=world.org_a, actor=world.org_admin)
    orgs = [world.city, world.county_x, world.org_b]

    # then: not yet in force at mid-year, in force at the year's end; the page's figure is the same definition
    assert _values("congresses.contract_rate", orgs, Period(D(2025, 1, 1), D(2025, 6, 30))) == {
        "CITY": Decimal("0.0"),
        "CX": Decimal("0.0"),
        "ORGB": Decimal("0.0"),
    }
    assert _values("congresses.contract_rate", orgs, Period.year(2025)) == {
        "CITY": Decimal("50.0"),
        "CX": Decimal("100.0"),
        "ORGB": Decimal("0.0"),
    }
    assert contract_coverage(world.city, "comprehensive", on=D(2025, 12, 31)).rate == 50.0


def test_secondary_coverage_as_of_the_end(world):
    # given: org A's congress began 2024-09-01; of its two 分工会 with 100 staff, one held its own from 2025-03-01,
    # and a 分工会 of 20 staff need not
    make_congress(org=world.org_a, actor=world.org_admin)
    held = make_branch(parent=world.org_a, code="ORGA01", staff=100)
    make_branch(parent=world.org_a, code="ORGA02", staff=100)
    make_branch(parent=world.org_a, code="ORGA03", staff=20)
    make_congress(org=held, actor=world.org_admin, term_started_on=D(2025, 3, 1), staff_count=100)
    source = indicator_sources.get("congresses.secondary_coverage")

    # when
    before = source.values_for([world.city, world.org_b], Period.year(2024))
    after = source.values_for([world.city, world.org_b], Period.year(2025))

    # then
    assert _ratio(before[world.city.id]) == (0, 2)
    assert after[world.city.id].value == Decimal("50.0")
    assert after[world.org_b.id].value is None  # nothing to cover: no data


def test_proposal_rates_follow_the_congress_report(world):
    # given: three proposals of org A's congress, replied in 2025 (one late); two rated, one re-handled to 满意
    congress, seat = seated_congress(org=world.org_a, actor=world.org_admin)
    late, on_time, undated = (
        make_proposal(congress=congress, proposer=seat, status=ProposalStatus.REPLIED, deadline_on=deadline)
        for deadline in (D(2025, 4, 1), D(2025, 6, 1), None)
    )

    def reply(proposal, on, round=1, satisfaction="", rated=None):
        row = ProposalReply.objects.create(
            proposal=proposal,
            round=round,
            reply_type=ReplyType.SOLVED,
            content="已落实",
            replied_by=world.org_admin,
            satisfaction=satisfaction,
            rated_at=rated,
        )
        moment = timezone.make_aware(dt.datetime.combine(on, dt.time(10)))
        ProposalReply.objects.filter(pk=row.pk).update(created_at=moment)

    at = lambda day: timezone.make_aware(dt.datetime.combine(day, dt.time(15)))  # noqa: E731
    reply(late, D(2025, 5, 1), satisfaction=Satisfaction.UNSATISFIED, rated=at(D(2025, 5, 2)))
    reply(late, D(2025, 5, 20), round=2, satisfaction=Satisfaction.SATISFIED, rated=at(D(2025, 5, 21)))
    reply(on_time, D(2025, 5, 1), satisfaction=Satisfaction.UNSATISFIED, rated=at(D(2025, 5, 3)))
    reply(undated, D(2025, 7, 1))
    orgs = [world.city, world.org_b]

    # then
    replies = indicator_sources.get("congresses.proposal_reply_rate").values_for(orgs, Period.year(2025))
    assert _ratio(replies[world.city.id]) == (2, 3)
    assert replies[world.city.id].value == Decimal("66.7")
    assert replies[world.org_b.id].value is None
    rated = indicator_sources.get("congresses.proposal_satisfaction").values_for(orgs, Period.year(2025))
    assert _ratio(rated[world.city.id]) == (1, 2)
    # as of 2025-05-10 the re-handled proposal's latest rating was still 不满意
    early = indicator_sources.get("congresses.proposal_satisfaction").values_for(
        orgs, Period(D(2025, 1, 1), D(2025, 5, 10))
    )
    assert _ratio(early[world.city.id]) == (0, 2)


def test_election_on_time_reads_the_term_in_force_on_the_end(world):
    # given: org A's term ended 2024-12-31 and its 换届 began a new term 2025-06-01; org B's term runs to 2030
    Org.objects.filter(pk=world.org_a.pk).update(term_started_on=D(2020, 1, 1), term_ends_on=D(2024, 12, 31))
    Org.objects.filter(pk=world.org_b.pk).update(term_started_on=D(2021, 1, 1), term_ends_on=D(2030, 12, 31))
    make_election(
        org=Org.objects.get(pk=world.org_a.pk),
        actor=world.org_admin,
        status=ElectionStatus.COMPLETED,
        new_term_started_on=D(2025, 6, 1),
        new_term_ends_on=D(2030, 5, 31),
    )
    Org.objects.filter(pk=world.org_a.pk).update(term_started_on=D(2025, 6, 1), term_ends_on=D(2030, 5, 31))
    orgs = [world.city, world.county_x, world.org_b]

    # then: in March 2025 org A's term had expired without a 换届; by the year's end it had held one
    march = indicator_sources.get("congresses.election_on_time").values_for(
        orgs, Period(D(2025, 1, 1), D(2025, 3, 31))
    )
    assert _ratio(march[world.city.id]) == (1, 2)
    assert march[world.county_x.id].value == Decimal("0.0")
    assert _values("congresses.election_on_time", orgs, Period.year(2025)) == {
        "CITY": Decimal("100.0"),
        "CX": Decimal("100.0"),
        "ORGB": Decimal("100.0"),
    }
