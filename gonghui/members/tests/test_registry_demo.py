"""The demo members' 实名制 values: realistic 用工性质 shares by kind of unit, mostly 汉族, pinyin, member numbers
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


@pytest.fixture
def demo_orgs(db):
    root = OrgFactory.create(code="ROOT", name="演示市总", level=OrgLevel.CITY)
    return {
        "hospital": OrgFactory.create(
            parent=root, code="HOSP", name="演示医院工会", industry=Industry.HEALTH, headcount_established=500
        ),
        "school": OrgFactory.create(
            parent=root,
            code="SCHL",
            name="演示中学工会",
            industry=Industry.EDUCATION,
            headcount_established=500,
        ),
        "private": OrgFactory.create(
            parent=root,
            code="PRIV",
            name="演示民办学校工会",
            industry=Industry.EDUCATION,
            is_private=True,
            headcount_contract=500,
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


def test_employment_shares_follow_the_kind_of_unit(seeded):
    # given
    orgs, _output = seeded
    # when
    hospital, school, private = (_shares(orgs[k]) for k in ("hospital", "school", "private"))
    # then (about 300 people each, deterministic: close to 55/35/10, 85/12/3 and 0/92/8)
    assert (hospital, school, private) == ((51, 40, 9), (86, 9, 4), (0, 90, 10))


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
