"""The seeded demo reads like a real 焦作市教科文卫体工会 tree (issue 13 item 21): plausible 入会率 in 事业单位,
hospitals never under an education union, county unions named as unions, every dated and numbered thing of the
year it describes, no case transferred to another county's school — while the org codes and the README's
accounts stay as they were. Runs on the package's one seeding (`seeded`, conftest.py)."""

import re

import pytest
from django.db.models import F
from django.utils import timezone

from gonghui.accounts.demo import DEMO_PASSWORD
from gonghui.accounts.models import User
from gonghui.appeals.models import Appeal
from gonghui.dashboards.selectors import coverage_for
from gonghui.documents.models import Document, IncomingDocument, Receipt
from gonghui.evaluations.models import EvaluationRound, EvaluationScheme, RoundTarget
from gonghui.legal.models import Consultation, LegalAidApplication
from gonghui.orgs.choices import Industry, OrgLevel, UnitCategory
from gonghui.orgs.models import Org
from gonghui.reports.models import ReportSubmission, ReportTask
from gonghui.workplans.models import PlanItemLink, ProgressReport, WorkPlan

pytestmark = pytest.mark.django_db

COUNTY_CODES = ("JFQ", "SYQ", "ZZQ", "MCQ", "SFQ", "XWX", "BAX", "WZX", "WXX", "QYS", "MZS")
WITH_SECOND_PRIVATE_UNIT = ("SYQ", "MCQ", "XWX", "WZX", "QYS")
# The README's demo accounts
README_USERS = (
    "admin",
    *(f"shi_{s}" for s in ("admin", "ganshi", "shenhe", "pingwei", "shenji", "weiquan")),
    *(f"{c.lower()}_{s}" for c in COUNTY_CODES for s in ("admin", "ganshi", "shenhe", "shenji", "pingwei")),
    "jfq01_admin",
    "jfq01_ganshi",
    "lvshi_wang",
    "lvshi_li",
    "lvshi_zhao",
)
NUMBER_YEAR = re.compile(r"[〔-](\d{4})[〕-]")


def _year(number: str) -> int:
    found = NUMBER_YEAR.search(number)
    assert found, number
    return int(found.group(1))


def _local_year(moment) -> int:
    return timezone.localtime(moment).year


def test_the_org_codes_and_readme_accounts_are_kept(seeded):
    # given the codes the demo has always used
    expected = {"JZJKWT", *COUNTY_CODES, *(f"SS{n:02d}" for n in range(1, 11))}
    expected |= {"SS01-F1", "SS01-F2", "SS01-F3", "SS06-F1", "SS06-F2"}
    expected |= {"SS06-F3", "SS06-F4", "SS06-F5"}  # 院系 分工会 the 民主管理 seeder adds (二级教代会)
    expected |= {f"{c}{n:02d}" for c in COUNTY_CODES for n in range(1, 7)}
    expected |= {f"{c}07" for c in WITH_SECOND_PRIVATE_UNIT}
    # then
    assert set(Org.objects.values_list("code", flat=True)) == expected
    users = {u.username: u for u in User.objects.filter(username__in=README_USERS)}
    assert sorted(set(README_USERS) - set(users)) == []
    assert users["jfq_admin"].check_password(DEMO_PASSWORD)
    assert User.objects.get(phone="13900000001").check_password(DEMO_PASSWORD)


def test_public_institutions_have_a_join_rate_of_85_to_100_percent(seeded):
    # when 入会率 (serving members ÷ headcount, the dashboards' one definition) of each 事业单位 union
    unions = Org.objects.filter(
        level=OrgLevel.GRASSROOTS, unit_category=UnitCategory.PUBLIC_INSTITUTION, is_private=False
    )
    rates = {org.code: coverage_for(root=org).total.join_rate for org in unions}
    # then every one is plausible, and the city's overall rate is about 90 %
    assert len(rates) == 65
    assert {code: rate for code, rate in rates.items() if rate is None or not 85 <= rate <= 100} == {}
    overall = coverage_for(root=Org.objects.get(code="JZJKWT")).total.join_rate
    assert overall is not None
    assert 88 <= overall <= 97


def test_private_units_enrol_fewer_but_never_more_than_their_workers(seeded):
    # when
    private = Org.objects.filter(level=OrgLevel.GRASSROOTS, is_private=True)
    rates = [coverage_for(root=org).total.join_rate for org in private]
    # then
    assert len(rates) == 16
    assert all(rate is not None and 50 <= rate <= 100 for rate in rates), rates


def test_hospitals_sit_under_no_education_union(seeded):
    # given
    hospitals = list(Org.objects.filter(industry=Industry.HEALTH, level=OrgLevel.GRASSROOTS))
    # then hospitals exist under the city union and under county 教科文卫体工会, and none under a 教育工会
    assert len(hospitals) >= 20
    for hospital in hospitals:
        names = [a.name for a in Org.objects.get_ancestors(hospital)]
        assert [n for n in names if "教育" in n] == [], (hospital.name, names)
    parents = {Org.objects.get_parent(h).name for h in hospitals}
    assert "焦作市教科文卫体工会" in parents


def test_an_education_union_holds_only_schools(seeded):
    # when
    counties = Org.objects.filter(level=OrgLevel.COUNTY, name__endswith="教育工会")
    # then
    assert counties.count() == 4
    for county in counties:
        industries = set(Org.objects.get_children(county).values_list("industry", flat=True))
        assert industries == {Industry.EDUCATION}, county.name


def test_county_unions_are_named_as_unions(seeded):
    # when
    counties = list(Org.objects.filter(level=OrgLevel.COUNTY))
    # then the union's name and short name are a union's; its unit may be the county's 教育局
    assert len(counties) == 11
    for county in counties:
        assert county.name.endswith("工会"), county.name
        assert county.short_name.endswith("工会"), county.short_name
        assert "教育局" not in county.short_name
    jfq_admin = User.objects.get(username="jfq_admin")
    assert jfq_admin.name == "解放区教科文卫体工会管理员"


def test_documents_are_numbered_dated_and_delivered_in_their_year(seeded):
    # given
    issued = list(Document.objects.exclude(document_number=""))
    # then every 2020 notice is numbered, drafted, delivered and signed for in 2020
    assert len(issued) >= 8
    for document in issued:
        assert document.issued_on is not None
        year = document.issued_on.year
        assert (_year(document.document_number), document.year) == (year, year), document.document_number
        assert _local_year(document.created_at) == year
        receipts = Receipt.objects.filter(document=document)
        assert {_local_year(r.delivered_at) for r in receipts} == {year}
        assert {_local_year(r.signed_at) for r in receipts.exclude(signed_at=None)} <= {year}
    for draft in Document.objects.filter(document_number="", title__contains="2020"):
        assert _local_year(draft.created_at) == 2020
    for incoming in IncomingDocument.objects.all():
        assert _local_year(incoming.created_at) == incoming.received_on.year


def test_cases_are_numbered_in_the_year_they_were_submitted(seeded):
    # given
    appeals = list(Appeal.objects.all())
    aid = list(LegalAidApplication.objects.all())
    consultations = list(Consultation.objects.all())
    # then
    assert (len(appeals), len(aid), len(consultations)) == (23, 6, 6)
    for appeal in appeals:
        assert _year(appeal.number) == appeal.submitted_on.year == _local_year(appeal.created_at), (
            appeal.number
        )
    for application in aid:
        assert _year(application.number) == _local_year(application.created_at), application.number
    overdue = min(aid, key=lambda a: a.submitted_on)
    assert _year(overdue.number) == overdue.submitted_on.year
    for consultation in consultations:
        assert _year(consultation.number) == _local_year(consultation.created_at), consultation.number


def test_the_2020_plan_and_figures_are_dated_when_such_work_happens(seeded):
    # then the 2020 work plan was imported and reported on in 2020, the 2020 figures asked for in January 2021
    plan = WorkPlan.objects.get(year=2020)
    assert _local_year(plan.created_at) == 2020
    assert {_local_year(r.created_at) for r in ProgressReport.objects.all()} == {2020}
    task = ReportTask.objects.get(title__startswith="2020年")
    assert (_local_year(task.created_at), task.deadline.year) == (2021, 2021)
    submitted = ReportSubmission.objects.filter(task=task).exclude(submitted_at=None)
    assert {_local_year(s.submitted_at) for s in submitted} == {2021}


def test_the_2020_scheme_is_dated_2020_and_the_finished_round_reads_the_year_the_records_fill(seeded):
    # then the 2020 sheet was drawn up and published in 2020; the round over this year's records is frozen by today
    scheme = EvaluationScheme.objects.get(title="2020年度基层工会工作量化考核", version=1)
    assert scheme.published_at is not None
    assert (_local_year(scheme.created_at), _local_year(scheme.published_at)) == (2020, 2020)
    round_ = EvaluationRound.objects.get(org__code="JZJKWT")
    this_year = timezone.localdate().year
    assert (round_.period_start.year, round_.period_end.year, round_.scheme.year) == (this_year,) * 3
    assert round_.frozen_at is not None
    assert round_.frozen_at.date() <= timezone.localdate()
    assert RoundTarget.objects.filter(round=round_, rank=None).count() == 0
    # the 2020 plan's items are linked to the records that carried them out
    assert PlanItemLink.objects.filter(item__section__plan__year=2020).count() >= 10


def _area(org: Org) -> Org:
    """The union an org's area belongs to: its county union, or the city union for 市属 units."""
    chain: list[Org] = [*Org.objects.get_ancestors(org), org]
    counties = [ancestor for ancestor in chain if ancestor.level == OrgLevel.COUNTY]
    return counties[0] if counties else chain[0]


def test_no_case_is_transferred_to_another_countys_union(seeded):
    # given the cases handled by another grassroots union than the requester's (transferred sideways)
    transferred = list(
        Appeal.objects.filter(org__level=OrgLevel.GRASSROOTS)
        .exclude(org=F("origin_org"))
        .select_related("org", "origin_org")
    )
    # then there is one, and it stayed in its county, at a school
    assert transferred
    for appeal in transferred:
        assert _area(appeal.org) == _area(appeal.origin_org), (appeal.origin_org.name, appeal.org.name)
        assert appeal.org.industry == Industry.EDUCATION
