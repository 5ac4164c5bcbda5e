"""会员名册导入 and 会员计数: after an import the unions' counters equal a full recount from the member rows (the
import writes members in bulk and recounts the unions they joined in its own transaction)."""

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from gonghui.members.counting import COUNT_FIELDS, counts_recount
from gonghui.members.models import Member, MemberCount
from gonghui.members.tests.factories import MemberFactory
from gonghui.members.tests.test_roster_import import TODAY, person_id, roster, row, run
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.tests.factories import OrgFactory
from gonghui.spreadsheets.choices import ImportMode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def branch_a(world):
    """A 分工会 of org A (same school, one level lower), without a counter row yet."""
    return OrgFactory.create(
        parent=world.org_a,
        code="ORGA-G",
        name="甲县第一中学高中部分工会",
        short_name="一中高中部",
        unit_name="甲县第一中学",
        level=OrgLevel.BRANCH,
    )


def _stored() -> dict[int, dict[str, int]]:
    return {
        row.pop("org_id"): row
        for row in MemberCount.objects.values("org_id", *COUNT_FIELDS).order_by("org_id")
        if any(row[f] for f in COUNT_FIELDS)
    }


def _recounted() -> dict[int, dict[str, int]]:
    with transaction.atomic():
        counts_recount(org_ids=Org.objects.values_list("pk", flat=True))
    return _stored()


def test_after_an_import_the_counters_equal_a_recount(world, branch_a):
    # given a member already counted in org A, and a roster for org A and its branch (which has no counter row):
    # both genders, every 用工性质 form, joins this year and earlier, one row unchanged, one row rejected
    existing = MemberFactory.create(org=world.org_a, id_number=person_id(40), joined_on=dt.date(2020, 1, 1))
    assert not MemberCount.objects.filter(org=branch_a).exists()
    before = _stored()
    content = roster(
        [
            row(name="王一", id_number=person_id(41), employment="非在编", joined_on="2026-03-01"),
            row(
                name="王二", id_number=person_id(42, male=False), employment="劳务派遣", joined_on="2019.9.1"
            ),
            row(name="王三", id_number=person_id(43), unit="一中高中部", joined_on="2026-01-05"),
            row(
                name="王四", id_number=person_id(44, birth=dt.date(1970, 1, 1), male=False), unit="一中高中部"
            ),
            row(name="王五", id_number=person_id(45), employment="其他", phone="13800000045"),
            row(name=existing.name, id_number=person_id(40)),  # already a member of org A: unchanged
            row(name="王六", id_number=person_id(46), phone="1234"),  # rejected
        ]
    )
    # when the valid rows are imported
    report = run(world, content, mode=ImportMode.VALID)
    # then the counters moved by what was imported and equal a full recount
    assert (report.created, report.unchanged, len(report.errors)) == (5, 1, 1)
    stored = _stored()
    assert stored[world.org_a.pk]["members"] == before[world.org_a.pk]["members"] + 3
    assert stored[branch_a.pk]["members"] == 2
    assert stored[branch_a.pk]["women"] == 1
    assert stored == _recounted()
    assert Member.objects.filter(org__in=[world.org_a, branch_a]).count() == sum(
        stored[pk]["members"] for pk in (world.org_a.pk, branch_a.pk)
    )
