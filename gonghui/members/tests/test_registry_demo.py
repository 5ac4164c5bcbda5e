"""The demo members' 实名制 values: 用工性质 following each unit's own headcounts (never more members of a
kind than workers), realistic shares by kind of unit without headcounts, mostly 汉族, pinyin, member numbers
that `member_number_issue` continues, some retired-kept and left members with their 会籍变动 rows — idempotent."""

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction

from gonghui.accounts.identity import decrypt_identifier, parse_resident_id
from gonghui.core.models import NumberSequence
from gonghui.members import demo
from gonghui.members.choices import MembershipChangeKind, MemberStatus
from gonghui.members.models import Member, MembershipChange
from gonghui.members.services import member_number_issue, name_search_fields
from gonghui.orgs.choices import Industry, OrgLevel
from gonghui.orgs.tests.factories import OrgFactory


def _headcount(established: int, contract: int, dispatched: int) -> dict[str, int]:
    return {
        "headcount_established": established,
        "headcount_contract": contract,
        "headcount_dispatched": dispatched,
    }


@pytest.fixture
def demo_orgs(db):
    root = OrgFactory.create(code="ROOT", name="演示市总", level=OrgLevel.CITY)
    return {
        "hospital": OrgFactory.create(
            parent=root,
            code="HOSP",
            name="演示医院工会",
            industry=Industry.HEALTH,
            **_headcount(550, 350, 100),
        ),
        "school": OrgFactory.create(
            parent=root,
            code="SCHL",
            name="演示中学工会",
            industry=Industry.EDUCATION,
            **_headcount(850, 120, 0),
        ),
        "private": OrgFactory.create(
            parent=root,
            code="PRIV",
            name="演示民办学校工会",
            industry=Industry.EDUCATION,
            is_private=True,
            **_headcount(0, 460, 40),
        ),
    }


@pytest.fixture
def seeded(demo_orgs, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_MEMBER_COUNT", 900)
    first = demo.seed_members()
    return demo_orgs, first


def _shares(org) -> tuple[int, int, int]:
    counts = Counter(Member.objects.filter(org=org).values_list("employment", flat=True))
    total = sum(counts.values())
    return tuple(round(100 * counts[e] / total) for e in ("established", "contract", "dispatched"))  # type: ignore[return-value]


def test_employment_follows_each_units_own_headcounts(seeded):
    # given
    orgs, _output = seeded
    # when
    hospital, school, private = (_shares(orgs[k]) for k in ("hospital", "school", "private"))
    # then (about 300 people each, deterministic: close to 55/35/10, 88/12/0 and 0/92/8; none of a kind the
    # unit has no workers of)
    assert (hospital, school, private) == ((51, 38, 11), (89, 11, 0), (0, 90, 10))


def test_a_unit_without_headcounts_draws_by_its_kind(db, monkeypatch):
    # given a hospital that records no headcounts
    root = OrgFactory.create(code="ROOT", name="演示市总", level=OrgLevel.CITY)
    hospital = OrgFactory.create(parent=root, code="HOSP", name="演示医院工会", industry=Industry.HEALTH)
    monkeypatch.setattr(demo, "DEMO_MEMBER_COUNT", 300)
    # when
    demo.seed_members()
    # then about 55/35/10
    assert _shares(hospital) == (55, 35, 10)


def test_small_units_never_get_more_members_of_a_kind_than_workers(db, monkeypatch):
    # given units so small that shares alone would overfill a kind (each unit could take every member), and a
    # 分工会 without headcounts of its own
    root = OrgFactory.create(code="ROOT", name="演示市总", level=OrgLevel.CITY)
    school = OrgFactory.create(
        parent=root, code="SCHL", name="演示小学工会", industry=Industry.EDUCATION, **_headcount(12, 6, 2)
    )
    branch = OrgFactory.create(parent=school, code="SCHL-F1", name="演示小学分工会", level=OrgLevel.BRANCH)
    troupe = OrgFactory.create(
        parent=root,
        code="TRUP",
        name="演示剧院工会",
        industry=Industry.CULTURE_SPORTS,
        **_headcount(2, 18, 0),
    )
    monkeypatch.setattr(demo, "DEMO_MEMBER_COUNT", 20)
    # when
    demo.seed_members()
    # then every worker is a member at most once, by kind
    for unit, headcounts in ((school, (12, 6, 2)), (troupe, (2, 18, 0))):
        counts = Counter(
            Member.objects.filter(org__path__startswith=unit.path).values_list("employment", flat=True)
        )
        found = tuple(counts[e] for e in ("established", "contract", "dispatched"))
        assert all(n <= h for n, h in zip(found, headcounts, strict=True)), (unit.code, found)
    assert Member.objects.filter(org=branch).exists()
    assert Member.objects.count() == 20


def test_in_the_demo_no_unit_has_a_join_rate_above_100_percent(db):
    # given the demo org tree and members
    from gonghui.dashboards.selectors import coverage_for
    from gonghui.orgs.demo import ROOT_CODE, seed_orgs
    from gonghui.orgs.models import Org

    seed_orgs()
    assert demo.seed_members().startswith("会员 3000 名（本次新建 3000 名）")
    # when
    root = Org.objects.get(code=ROOT_CODE)
    rows = [coverage_for(root=root, today=demo.DEMO_TODAY)]
    rows += [
        coverage_for(root=county, today=demo.DEMO_TODAY)
        for county in Org.objects.filter(level=OrgLevel.COUNTY).order_by("path")
    ]
    # then for every unit (a child of the root or of a county: 市属 units, counties, their units) and
    # category, members ≤ headcount
    checked: Counter[str] = Counter()
    for coverage in rows:
        for child in coverage.children:
            figures = child.figures
            checked[child.org.level] += 1
            for rate in (figures.join_rate, figures.contract_join_rate, figures.dispatched_join_rate):
                assert rate is None or rate <= 100, (child.org.name, rate)
            pairs = (
                (figures.established, figures.headcount_established),
                (figures.contract, figures.headcount_contract),
                (figures.dispatched, figures.headcount_dispatched),
            )
            assert all(members <= headcount for members, headcount in pairs), (child.org.name, pairs)
            assert figures.other == 0
    # every grassroots union (the 5 分工会 count in their unit's subtree)
    assert checked == {OrgLevel.GRASSROOTS: 81, OrgLevel.COUNTY: 11}


def test_demo_values_are_filled_and_consistent(seeded):
    # when
    members = list(Member.objects.select_related("org"))
    # then
    assert len(members) == 900
    ethnicities = Counter(m.ethnicity for m in members)
    assert ethnicities["01"] / 900 > 0.94
    assert ethnicities["03"] > 8
    assert {m.education for m in members} <= {"11", "14", "21", "31", "41", "61"}
    assert Counter(m.political_status for m in members)["01"] / 900 > 0.2
    assert all(m.position_title for m in members)
    for m in members:
        assert m.joined_on is not None
        assert m.member_number is not None
        assert (m.name_pinyin, m.name_initials) == tuple(name_search_fields(m.name).values())
        assert m.joined_on < demo.DEMO_TODAY
        age = (m.joined_on - m.birth_date).days // 365
        assert 16 <= age <= 100
        number = decrypt_identifier(m.id_number_encrypted)
        assert parse_resident_id(number).birth_date == m.birth_date
        assert m.member_number.startswith(f"{m.org.code}-{m.joined_on.year}-")


def test_member_numbers_are_unique_and_continued_by_the_sequence(seeded):
    # given
    orgs, _output = seeded
    numbers = list(Member.objects.values_list("member_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    latest = (
        Member.objects.filter(org=orgs["hospital"]).order_by("-joined_on").values_list("joined_on", flat=True)
    )
    newest = latest[0]
    assert newest is not None
    year = newest.year
    in_year = Member.objects.filter(org=orgs["hospital"], joined_on__year=year).count()
    # when a new member joins the hospital that year
    with transaction.atomic():
        issued = member_number_issue(org=orgs["hospital"], year=year)
    # then the number follows the demo ones
    assert issued == f"HOSP-{year}-{in_year + 1:05d}"
    assert (
        NumberSequence.objects.get(issuer_id=orgs["hospital"].pk, series="会员编号", year=year).last_number
        == in_year + 1
    )


def test_some_members_retired_or_left_with_their_changes(seeded):
    # when
    statuses = Counter(Member.objects.values_list("status", flat=True))
    changes = Counter(MembershipChange.objects.values_list("kind", flat=True))
    # then
    assert statuses[MemberStatus.RETIRED_KEPT] > 10
    assert statuses[MemberStatus.LEFT] > 5
    assert changes == {
        MembershipChangeKind.JOIN: 900,
        MembershipChangeKind.RETIRE_KEEP: statuses[MemberStatus.RETIRED_KEPT],
        MembershipChangeKind.LEAVE: statuses[MemberStatus.LEFT],
    }
    for member in Member.objects.exclude(status=MemberStatus.ACTIVE).prefetch_related("changes")[:50]:
        last = list(member.changes.all())[-1]
        assert last.happened_on == member.status_changed_on
        assert member.joined_on is not None
        assert last.happened_on >= member.joined_on


def test_a_few_members_carry_tags(seeded):
    # when
    tagged = Member.objects.filter(tags__isnull=False).distinct().count()
    # then
    assert 50 <= tagged <= 200


def test_seeding_again_adds_nothing(seeded):
    # given
    before = (Member.objects.count(), MembershipChange.objects.count(), NumberSequence.objects.count())
    # when
    output = demo.seed_members()
    # then
    assert (
        Member.objects.count(),
        MembershipChange.objects.count(),
        NumberSequence.objects.count(),
    ) == before
    assert output.startswith("会员 900 名（本次新建 0 名）")


def test_demo_profile_is_deterministic():
    # when
    first = demo.demo_profile(7, kind="hospital", gender="F", birth=dt.date(1980, 2, 29))
    again = demo.demo_profile(7, kind="hospital", gender="F", birth=dt.date(1980, 2, 29))
    # then
    assert first == again
    assert first["joined_on"] == again["joined_on"]
    assert isinstance(first["joined_on"], dt.date)
    assert first["joined_on"] >= dt.date(2002, 3, 1)
