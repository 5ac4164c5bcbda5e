"""The demo seed of 困难职工帮扶 on the whole demo platform (the package fixture of gonghui/demo/tests/conftest.py,
then `seed_welfare` once more): 20 households in every state, classed from their figures and decided, the filed
ones reviewed year by year, 脱困 with its follow-ups, aid of every kind over two years paid through the ledger from
two funds; the officers see the files, the city's admin only counts, the demo member his own filed file and the
running 公示 of his union; the second run adds nothing.

关爱服务 (issue 20) of the city union on the same platform: 2020年春节送温暖 (by category, submitted by the 帮扶干事,
approved and paid by the city's admin, the bank's answers imported, a failure reversed and paid again, closed) and
the 援鄂医疗队 慰问; a subsidy shared down to ten grassroots unions with their spending; 慰问标准 and 慰问登记 with
visits; the 疗休养 programme (first batch attended, the 2027 batch waiting for the demo member's confirmation);
three 普惠 offers with redemptions by scan, coupon and the cinema's merchant account. Every page of them, console and
portal, renders within the query budget and in Chinese."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.demo import DEMO_PASSWORD
from gonghui.accounts.models import ObjectGrant, RoleGrant, User
from gonghui.accounts.scoping import has_action
from gonghui.ledger.models import LedgerEntry
from gonghui.members.models import Member
from gonghui.notices.services import notice_addresses, window_is_open
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.quotas.models import QuotaAllocation
from gonghui.welfare.choices import (
    AidKind,
    CampaignStatus,
    CondolenceOccasion,
    FileStatus,
    FollowUpKind,
    HardshipClass,
    OfferStatus,
    PlaceStatus,
    RecipientStatus,
    RedemptionMethod,
    Relation,
    SubsidyStatus,
)
from gonghui.welfare.demo import (
    CINEMA_OFFER,
    CITY_OFFICER,
    COUNTY_OFFICER,
    DEMO_MEMBER_PHONE,
    FRONT_LINE_TAG,
    HOUSEHOLDS,
    MEDICAL_TEAM_TAG,
    MERCHANT_PHONE,
    OWN_FUND,
    PROGRAMME_NAME,
    PROGRAMME_PLACES,
    SPECIAL_FUND,
    SUBSIDY_NAME,
    TEAM_AMOUNT,
    TEAM_NAME,
    WARMTH_NAME,
    seed_welfare,
)
from gonghui.welfare.models import (
    AidRecord,
    CondolencePayment,
    CondolenceStandard,
    FileReview,
    FollowUp,
    HardshipFile,
    Household,
    HouseholdMember,
    Offer,
    OfferCoupon,
    OfferRedemption,
    PovertyLine,
    RecuperationBatch,
    RecuperationPlace,
    RecuperationProgramme,
    ReliefCampaign,
    ReliefRecipient,
    Subsidy,
    SubsidySpending,
)
from gonghui.welfare.permissions import STATS, VIEW
from gonghui.welfare.registrations.relief import REQUESTS as RELIEF_REQUESTS
from gonghui.welfare.selectors.files import live_file_notice

from .test_demo_pages import MAX_QUERIES, _get, untranslated

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
        "campaigns": ReliefCampaign.objects.count(),
        "recipients": ReliefRecipient.objects.count(),
        "subsidies": Subsidy.objects.count(),
        "spendings": SubsidySpending.objects.count(),
        "standards": CondolenceStandard.objects.count(),
        "condolences": CondolencePayment.objects.count(),
        "places": RecuperationPlace.objects.count(),
        "offers": Offer.objects.count(),
        "redemptions": OfferRedemption.objects.count(),
        "coupons": OfferCoupon.objects.count(),
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


# ---- 关爱服务 (issue 20) -----------------------------------------------------------------------------------------


def _demo_member() -> Member:
    return Member.objects.select_related("org", "user").get(user__phone=DEMO_MEMBER_PHONE)


def test_the_spring_festival_campaign_went_through_every_step(seeded: Any) -> None:
    campaign = ReliefCampaign.objects.get(name=WARMTH_NAME, org__code="JZJKWT")
    assert campaign.status == CampaignStatus.CLOSED
    assert campaign.submitted_by == User.objects.get(username=CITY_OFFICER)
    assert campaign.approved_by == User.objects.get(username="shi_admin")
    people = campaign.recipients.all()
    assert 25 <= people.count() <= 35
    assert set(people.values_list("category", flat=True)) == {"困难职工", "一线医护", "劳动模范"}
    assert set(people.filter(category="困难职工").values_list("amount", flat=True)) == {Decimal("800.00")}
    # the bank answered: all arrived but two; one paid again under attempt 2, the other reversed after the close
    assert people.filter(status=RecipientStatus.CONFIRMED).count() == people.count() - 1
    again = people.get(attempt=2, status=RecipientStatus.CONFIRMED)
    assert again.ledger_entry is not None
    assert again.ledger_entry.idempotency_key.endswith(":2")
    assert people.filter(status=RecipientStatus.REVERSED).count() == 1
    assert LedgerEntry.objects.filter(
        idempotency_key__startswith="welfare-relief:", results__isnull=False
    ).exists()
    mine = people.get(member=_demo_member())
    assert mine.status == RecipientStatus.CONFIRMED


def test_the_medical_team_got_two_thousand_each(seeded: Any) -> None:
    campaign = ReliefCampaign.objects.get(name=TEAM_NAME)
    people = list(campaign.recipients.select_related("member"))
    assert len(people) == 12
    assert {p.amount for p in people} == {Decimal(TEAM_AMOUNT)}
    assert all(p.ledger_entry_id for p in people)
    assert all(p.member.tags.filter(name=MEDICAL_TEAM_TAG).exists() for p in people)


def test_the_subsidy_reaches_ten_grassroots_unions_with_money_left(seeded: Any) -> None:
    subsidy = Subsidy.objects.get(name=SUBSIDY_NAME)
    assert subsidy.status == SubsidyStatus.ISSUED
    shares = QuotaAllocation.objects.filter(quota_set=subsidy.quota_set).select_related("org")
    grassroots = {a.org.code for a in shares if a.org.level == OrgLevel.GRASSROOTS}
    assert len(grassroots) == 10
    assert shares.filter(parent__org__code="JFQ").count() == 5  # 解放区 shares its part on to five schools
    spendings = SubsidySpending.objects.filter(subsidy=subsidy)
    assert spendings.values("org").distinct().count() == 11  # ten grassroots unions and 武陟县 itself
    assert spendings.filter(member__isnull=True).exists()
    assert spendings.filter(member__isnull=False).exists()
    spent = sum(spendings.values_list("amount", flat=True))
    assert subsidy.quota_set is not None
    assert 0 < spent < subsidy.quota_set.total  # some of it left unspent


def test_condolences_follow_the_standards_with_visits_and_one_correction(seeded: Any) -> None:
    standards = CondolenceStandard.objects.filter(org__code="JZJKWT")
    hospital = standards.filter(occasion=CondolenceOccasion.HOSPITAL).order_by("effective_from")
    assert [s.max_amount for s in hospital] == [Decimal(300), Decimal(500)]  # the older one superseded
    assert {s.occasion for s in standards} >= {CondolenceOccasion.FRONT_LINE, CondolenceOccasion.BEREAVEMENT}
    payments = CondolencePayment.objects.filter(org__code="JZJKWT").select_related("ledger_entry")
    assert payments.count() == 7
    assert payments.filter(visit__isnull=False).count() == 6
    reversed_ = [p for p in payments if LedgerEntry.objects.filter(reverses_id=p.ledger_entry_id).exists()]
    assert len(reversed_) == 1
    assert all(p.member.tags.filter(name=MEDICAL_TEAM_TAG).exists() for p in payments)


def test_the_programme_attended_its_first_batch_and_waits_for_the_demo_member(seeded: Any) -> None:
    programme = RecuperationProgramme.objects.get(name=PROGRAMME_NAME)
    assert programme.places_received == PROGRAMME_PLACES
    assert programme.priority_tag == FRONT_LINE_TAG
    first, second = RecuperationBatch.objects.filter(programme=programme).order_by("starts_on")
    assert first.starts_on.year == 2020
    assert second.starts_on > timezone.localdate()
    places = RecuperationPlace.objects.filter(programme=programme)
    assert places.filter(batch=first, status=PlaceStatus.ATTENDED).count() == first.capacity
    substituted = places.get(status=PlaceStatus.SUBSTITUTED)
    assert substituted.declined_reason
    assert places.filter(substitute_for=substituted).exists()
    assert places.filter(front_line=True).count() > places.filter(front_line=False).count()
    assert places.filter(batch=second, status=PlaceStatus.CONFIRMED).count() >= 10
    mine = places.get(member=_demo_member())
    assert (mine.batch, mine.status) == (second, PlaceStatus.NOMINATED)
    assert (
        QuotaAllocation.objects.filter(quota_set=programme.quota_set, org__level=OrgLevel.COUNTY).count() == 2
    )


def test_offers_with_redemptions_and_the_cinema_merchant(seeded: Any) -> None:
    offers = Offer.objects.all()
    assert offers.count() == 3
    assert set(offers.values_list("status", flat=True)) == {OfferStatus.PUBLISHED}
    methods = set(OfferRedemption.objects.values_list("method", flat=True))
    assert methods == {RedemptionMethod.SCAN, RedemptionMethod.COUPON, RedemptionMethod.MERCHANT}
    member = _demo_member()
    assert OfferCoupon.objects.filter(member=member, redeemed_at__isnull=True).count() == 1
    merchant = User.objects.get(username=MERCHANT_PHONE)
    assert merchant.check_password(DEMO_PASSWORD)
    assert not merchant.must_change_password
    assert not RoleGrant.objects.filter(user=merchant).exists()
    grants = ObjectGrant.objects.filter(user=merchant)
    assert grants.count() == 1
    cinema = Offer.objects.get(pk=int(grants.get().object_id))
    assert OfferRedemption.objects.filter(offer=cinema, redeemed_by=merchant).exists()
    assert not OfferRedemption.objects.filter(redeemed_by=merchant).exclude(offer=cinema).exists()


def _page_problems(client: Client, urls: list[str]) -> list[str]:
    problems = []
    for url in urls:
        result = _get(client, url)
        if result.error or result.status != 200:
            problems.append(f"GET {url} -> {result.status} {result.error}")
        if result.queries > MAX_QUERIES:
            problems.append(f"GET {url}: {result.queries} queries (at most {MAX_QUERIES})")
        problems.extend(f"GET {url}: {word!r} in: {where}" for word, where in untranslated(result.html))
    return problems


def test_every_care_page_renders_in_chinese_within_the_query_budget(seeded: Any) -> None:
    admin = Client()
    admin.force_login(User.objects.get(username="shi_admin"))
    programme = RecuperationProgramme.objects.get(name=PROGRAMME_NAME)
    console = [
        reverse(name)
        for name in (
            "welfare:relief_list",
            "welfare:subsidy_list",
            "welfare:condolence_list",
            "welfare:standard_list",
            "welfare:programme_list",
            "welfare:offer_list",
        )
    ]
    console += [reverse("welfare:relief_detail", args=[c.pk]) for c in ReliefCampaign.objects.all()]
    console += [reverse("welfare:subsidy_detail", args=[s.pk]) for s in Subsidy.objects.all()]
    console += [
        reverse("welfare:condolence_detail", args=[p.pk]) for p in CondolencePayment.objects.all()[:3]
    ]
    console += [reverse("welfare:programme_detail", args=[programme.pk])]
    console += [reverse("welfare:programme_report", args=[programme.pk])]
    console += [reverse("welfare:batch_detail", args=[b.pk]) for b in programme.batches.all()]
    console += [reverse("welfare:offer_detail", args=[o.pk]) for o in Offer.objects.all()]
    county = Client()  # a county admin sees its branch of the subsidy and of the places
    county.force_login(User.objects.get(username="jfq_admin"))
    county_pages = [
        reverse("welfare:subsidy_detail", args=[Subsidy.objects.get(name=SUBSIDY_NAME).pk]),
        reverse("welfare:programme_detail", args=[programme.pk]),
    ]
    member = _demo_member()
    phone = Client()
    assert member.user is not None
    phone.force_login(member.user)
    mine = ReliefRecipient.objects.get(member=member, campaign__name=WARMTH_NAME)
    portal = [
        reverse("welfare_portal:relief_mine"),
        reverse("welfare_portal:relief_receipt", args=[mine.public_id]),
        reverse("welfare_portal:place_mine"),
        reverse("welfare_portal:offer_mine"),
        *[reverse("welfare_portal:offer_view", args=[o.public_id]) for o in Offer.objects.all()],
        reverse("portal:requests"),
    ]
    merchant = Client()  # the cinema's cashier: the console home, then the scanner of the one offer
    merchant.force_login(User.objects.get(username=MERCHANT_PHONE))
    cinema = Offer.objects.get(title=CINEMA_OFFER)
    scanner = reverse("welfare:offer_redeem", args=[cinema.pk])
    assert merchant.get(reverse("welfare:offer_merchant_home"))["Location"] == scanner
    problems = (
        _page_problems(admin, console)
        + _page_problems(county, county_pages)
        + _page_problems(phone, portal)
        + _page_problems(merchant, [reverse("home"), scanner])
    )
    assert problems == [], "\n".join(problems)
    # what the member's phone shows: the 送温暖 receipt, the place to confirm, the three offers and the coupon
    assert WARMTH_NAME in phone.get(reverse("welfare_portal:relief_mine")).content.decode()
    # (我的办理 lists newest first, 20 a page: the member's later 提案 and 附议 push 2020 off the first page)
    assert WARMTH_NAME in phone.get(reverse("portal:requests"), {"kind": RELIEF_REQUESTS}).content.decode()
    places = phone.get(reverse("welfare_portal:place_mine")).content.decode()
    place = RecuperationPlace.objects.get(member=member)
    assert reverse("welfare_portal:place_confirm", args=[place.public_id]) in places
    offers = phone.get(reverse("welfare_portal:offer_mine")).content.decode()
    assert all(o.title in offers for o in Offer.objects.all())
    coupon = OfferCoupon.objects.get(member=member, redeemed_at__isnull=True)
    fitness = phone.get(reverse("welfare_portal:offer_view", args=[coupon.offer.public_id])).content.decode()
    assert coupon.code in fitness
