"""The demo seed of 困难职工帮扶 on the whole demo platform (the package fixture of gonghui/demo/tests/conftest.py,
then `seed_welfare` once more): 20 households in every state, classed from their figures and decided, the filed
ones reviewed year by year, 脱困 with its follow-ups, aid of every kind over two years paid through the ledger from
two funds; the officers see the files, the city's admin only counts, the demo member his own filed file and the
running 公示 of his union; the second run adds nothing."""

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action
from gonghui.ledger.models import LedgerEntry
from gonghui.members.models import Member
from gonghui.notices.services import notice_addresses, window_is_open
from gonghui.orgs.models import Org
from gonghui.welfare.choices import (
    AidKind,
    FileStatus,
    FollowUpKind,
    HardshipClass,
    Relation,
)
from gonghui.welfare.demo import (
    CITY_OFFICER,
    COUNTY_OFFICER,
    DEMO_MEMBER_PHONE,
    HOUSEHOLDS,
    OWN_FUND,
    SPECIAL_FUND,
    seed_welfare,
)
from gonghui.welfare.models import (
    AidRecord,
    FileReview,
    FollowUp,
    HardshipFile,
    Household,
    HouseholdMember,
    PovertyLine,
)
from gonghui.welfare.permissions import STATS, VIEW
from gonghui.welfare.selectors.files import live_file_notice

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "lines": PovertyLine.objects.count(),
        "households": Household.objects.count(),
        "people": HouseholdMember.objects.count(),
        "files": HardshipFile.objects.count(),
        "reviews": FileReview.objects.count(),
        "follow_ups": FollowUp.objects.count(),
        "aid": AidRecord.objects.count(),
        "ledger": LedgerEntry.objects.count(),
        "users": User.objects.count(),
    }


def test_a_second_run_adds_nothing(seeded: Any) -> None:
    before = _counts()
    summary = seed_welfare()  # what a third `seed_demo` runs of this module
    assert _counts() == before
    assert summary.endswith("本次无新增")
    assert before["households"] == before["files"] == len(HOUSEHOLDS) == 20


def test_every_state_is_present_with_its_timeline(seeded: Any) -> None:
    files = HardshipFile.objects.all()
    states = sorted(files.values_list("status", flat=True))
    assert states == sorted(h.state for h in HOUSEHOLDS)
    assert set(states) == set(FileStatus.values)
    filed = files.filter(status=FileStatus.FILED)
    assert filed.count() == 9
    # several years old, reviewed every year since (one review changed the class)
    today = timezone.localdate()
    assert filed.filter(filed_at__year__lte=today.year - 3).count() >= 2
    assert all(f.next_review_due is not None and f.next_review_due > today for f in filed)
    assert FileReview.objects.filter(done_on__isnull=False).count() >= 15
    assert FileReview.objects.filter(outcome="reclass").count() == 1
    # 脱困: one follow-up done, the others due; 注销 with its reason; 不予建档 with its reason
    assert FollowUp.objects.filter(done_on__isnull=False).count() == 1
    assert FollowUp.objects.filter(done_on__isnull=True, kind=FollowUpKind.TWELVE_MONTHS).count() == 2
    # 复核与回访 has work on it whatever the day of seeding: a review due within 30 days, a follow-up within 7
    assert filed.filter(next_review_due__lte=today + dt.timedelta(days=30)).count() == 1
    assert (
        FollowUp.objects.filter(done_on__isnull=True, due_on__lte=today + dt.timedelta(days=7)).count() == 1
    )
    closed = files.get(status=FileStatus.CLOSED)
    assert closed.close_reason
    assert closed.purge_after is not None
    assert files.get(status=FileStatus.REJECTED).end_note


def test_classes_are_computed_and_decided_with_consent(seeded: Any) -> None:
    decided = HardshipFile.objects.exclude(decided_class="")
    assert set(decided.values_list("decided_class", flat=True)) == {
        HardshipClass.DEEP,
        HardshipClass.RELATIVE,
        HardshipClass.ACCIDENT,
    }
    # the decision agrees with the computation, except the one a yearly review changed
    differing = [f for f in decided if f.suggested_class != f.decided_class]
    assert len(differing) == 1
    assert differing[0].reviews.filter(outcome="reclass").exists()
    accident = decided.get(decided_class=HardshipClass.ACCIDENT)
    assert accident.accident_kind
    assert accident.accident_date is not None
    rejected = HardshipFile.objects.get(status=FileStatus.REJECTED)
    assert rejected.suggested_class == HardshipClass.NOT_ELIGIBLE
    assert rejected.exclusions
    # everyone consented, a child by the guardian; all but one file hold the signed 授权委托书
    people = HouseholdMember.objects.all()
    assert not people.filter(consent_signer="").exists()
    assert people.filter(consent_by_guardian=True, relation=Relation.CHILD).exists()
    assert HardshipFile.objects.filter(consent_attachment__isnull=True).count() == 1
    # a married couple who are both members, in one household
    spouse = people.get(relation=Relation.SPOUSE, member__isnull=False)
    assert spouse.household.people.get(relation=Relation.SELF).member_id not in (None, spouse.member_id)


def test_aid_is_paid_from_two_funds_through_the_ledger(seeded: Any) -> None:
    records = list(AidRecord.objects.select_related("budget_line__fund", "ledger_entry"))
    assert len(records) >= 15
    assert {r.kind for r in records} == set(AidKind.values)
    assert len({r.year for r in records}) == 2
    assert {r.budget_line.fund.name for r in records} == {SPECIAL_FUND, OWN_FUND}
    record_type = ContentType.objects.get_for_model(AidRecord)
    for record in records:
        entry = record.ledger_entry
        assert entry is not None
        assert (entry.owner_type_id, entry.owner_id) == (record_type.pk, str(record.pk))
        assert entry.amount == record.amount
    assert LedgerEntry.objects.filter(idempotency_key__startswith="welfare-aid:").count() == len(records)


def test_the_demo_member_sees_his_filed_file_and_his_unions_publication(seeded: Any) -> None:
    member = Member.objects.select_related("org", "user").get(user__phone=DEMO_MEMBER_PHONE)
    file = HardshipFile.objects.get(applicant=member)
    assert file.status == FileStatus.FILED
    assert file.aids.exists()
    client = Client()
    assert member.user is not None
    client.force_login(member.user)
    page = client.get(reverse("welfare_portal:mine"))
    assert page.status_code == 200
    assert file.number in page.content.decode()
    running = HardshipFile.objects.get(status=FileStatus.PUBLICISED)
    notice = live_file_notice(running)
    assert notice is not None
    assert window_is_open(notice)
    assert notice_addresses(notice, member.org)


def test_the_officers_see_files_and_the_city_admin_only_counts(seeded: Any) -> None:
    city = User.objects.get(username=CITY_OFFICER)
    county = User.objects.get(username=COUNTY_OFFICER)
    admin = User.objects.get(username="shi_admin")
    assert HardshipFile.objects.visible_to(city, VIEW).count() == 20
    county_files = HardshipFile.objects.visible_to(county, VIEW)
    assert county_files.count() == sum(1 for h in HOUSEHOLDS if h.org.startswith("JFQ"))
    assert not county_files.exclude(org__path__startswith=Org.objects.get(code="JFQ").path).exists()
    assert not HardshipFile.objects.visible_to(admin, VIEW).exists()
    assert has_action(admin, STATS, Org.objects.get(code="JZJKWT"))
    client = Client()
    client.force_login(admin)
    listed = client.get(reverse("welfare:list")).content.decode()
    numbers = list(HardshipFile.objects.values_list("number", flat=True))
    assert not [n for n in numbers if n in listed]  # the file list shows her no file
    assert client.get(reverse("welfare:stats")).status_code == 200


def test_poverty_lines_of_the_city_and_two_counties(seeded: Any) -> None:
    year = timezone.localdate().year
    for code in ("JZJKWT", "JFQ", "WZX"):
        lines = PovertyLine.objects.filter(org__code=code, year__in=[year - 1, year])
        assert lines.count() == 2
        assert all(line.source and 500 <= line.monthly_line <= 700 for line in lines)
