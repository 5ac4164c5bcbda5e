"""法律服务统计: figures by state, month and child union, the drill-down's scope, the period filter, the xlsx
export through the spreadsheets registry (audited there) and the constant number of queries."""

import datetime as dt
import io
import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from python_calamine import CalamineWorkbook

from conftest import make_cadre
from gonghui.core.models import AuditAction, AuditLog
from gonghui.legal.choices import AidStatus
from gonghui.legal.models import Consultation
from gonghui.legal.selectors import legal_statistics
from gonghui.orgs.tests.factories import OrgFactory

from .conftest import HANDLER_ROLE
from .factories import make_application, make_consultation

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1
EXPORT = reverse_lazy("spreadsheets:export_start", args=["legal_statistics"])
MARCH, APRIL = dt.date(YEAR, 3, 10), dt.date(YEAR, 4, 20)


def _consultation(org, day: dt.date) -> Consultation:
    consultation = make_consultation(org)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    Consultation.objects.filter(pk=consultation.pk).update(created_at=moment)
    return consultation


@pytest.fixture
def cases(world, lawyer_city):
    """Org A (under 甲县): two consultations, two applications (one closed with 8000 recovered); org B (under
    乙县): one consultation and one closed application with 5000 recovered; the city itself: one consultation;
    and one case of org A in another year."""
    _consultation(world.org_a, MARCH)
    _consultation(world.org_a, APRIL)
    _consultation(world.org_b, APRIL)
    _consultation(world.city, MARCH)
    _consultation(world.org_a, dt.date(YEAR - 1, 5, 1))
    make_application(world.org_a, submitted_on=MARCH)
    make_application(
        world.org_a,
        submitted_on=MARCH,
        status=AidStatus.CLOSED,
        lawyer=lawyer_city,
        outcome="mediated",
        amount_recovered=Decimal("8000"),
    )
    make_application(
        world.org_b,
        submitted_on=APRIL,
        status=AidStatus.CLOSED,
        lawyer=lawyer_city,
        outcome="arbitration",
        amount_recovered=Decimal("5000"),
    )
    return world


@pytest.fixture
def city_handler(world):
    return make_cadre("legal_city", world.city, role=HANDLER_ROLE)


def _figures(row):
    f = row.figures
    return (f.consultations, f.applications, f.closed, f.amount_involved, f.amount_recovered)


def test_figures_by_month_and_child_union_of_the_root(cases, city_handler):
    # when
    stats = legal_statistics(user=city_handler, within=cases.city, year=YEAR)
    # then
    assert (stats.consultations, stats.applications) == (4, 3)
    assert (stats.amount_involved, stats.amount_recovered) == (Decimal("30000"), Decimal("13000"))
    assert stats.outcomes["mediated"] == stats.outcomes["arbitration"] == 1
    assert [r.label for r in stats.by_month] == [f"{YEAR}-{m:02d}" for m in range(1, 13)]
    months = {r.key: _figures(r) for r in stats.by_month}
    assert months[f"{YEAR}-03"] == (2, 2, 1, Decimal("20000"), Decimal("8000"))
    assert months[f"{YEAR}-04"] == (2, 1, 1, Decimal("10000"), Decimal("5000"))
    assert months[f"{YEAR}-05"] == (0, 0, 0, Decimal("0"), Decimal("0"))
    assert {r.key: _figures(r) for r in stats.by_org} == {
        "CX": (2, 2, 1, Decimal("20000"), Decimal("8000")),
        "CY": (1, 1, 1, Decimal("10000"), Decimal("5000")),
    }
    assert (stats.own.consultations, stats.own.applications) == (1, 0)


def test_the_period_narrows_every_figure(cases, city_handler):
    # when the first quarter only
    stats = legal_statistics(
        user=city_handler, within=cases.city, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 3, 31)
    )
    # then
    assert (stats.consultations, stats.applications, stats.amount_recovered) == (2, 2, Decimal("8000"))
    assert [r.key for r in stats.by_month] == [f"{YEAR}-01", f"{YEAR}-02", f"{YEAR}-03"]
    assert {r.key: r.figures.consultations for r in stats.by_org} == {"CX": 1, "CY": 0}


def test_drill_down_into_a_county_shows_its_unions_only(cases, city_handler):
    # when
    stats = legal_statistics(user=city_handler, within=cases.county_x, year=YEAR)
    # then the sibling county's cases are not counted
    assert [r.key for r in stats.by_org] == ["ORGA"]
    assert (stats.consultations, stats.applications, stats.amount_recovered) == (2, 2, Decimal("8000"))


def test_a_union_never_sees_a_sibling_unions_figures(client, cases, handler_a):
    client.force_login(handler_a)
    url = reverse("legal:statistics")
    # when it asks for the sibling, or for the county above it
    for code in ("ORGB", "CY", "CX", "CITY"):
        assert client.get(url, {"org": code, "year": YEAR}).status_code == 404, code
        export = client.post(EXPORT, query_params={"org": code})
        assert export.status_code == 404, code
    # then its own page counts its own cases only
    page = client.get(url, {"year": YEAR}).content.decode()
    assert '<div class="h1 mb-0" id="stat-consultations">2</div>' in page
    assert '<div class="h1 mb-0" id="stat-recovered">8000' in page


def test_the_page_links_each_child_union_to_its_drill_down(client, cases, city_handler):
    client.force_login(city_handler)
    # when
    response = client.get(reverse("legal:statistics"), {"org": "CITY", "year": YEAR, "period": "h1"})
    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert f"?year={YEAR}&amp;period=h1&amp;org=CX" in page
    assert 'id="page-charts"' in page
    assert "vendor/echarts/echarts.min.js" in page
    charts = response.context["charts"]
    assert set(charts["charts"]) >= {"orgs", "months", "amounts", "outcomes", "application_states"}
    assert charts["charts"]["orgs"]["series"][2]["data"] == [8000.0, 5000.0]
    assert charts["links"]["orgs"][1].endswith("org=CY")
    # and the drill-down page of 甲县 names org A only
    drill = client.get(reverse("legal:statistics"), {"org": "CX", "year": YEAR}).content.decode()
    assert 'data-org="ORGA"' in drill
    assert "乙县人民医院工会" not in drill


def test_three_actors_on_the_page_and_the_export(client, cases):
    page, export = reverse("legal:statistics"), EXPORT
    # the admin of org A sees and exports org A
    client.force_login(cases.org_admin)
    assert client.get(page, {"year": YEAR}).status_code == 200
    assert client.post(export, query_params={"org": "ORGA", "year": YEAR}).status_code == 200
    assert client.post(export, query_params={"year": YEAR}).status_code == 200
    # a plain member is refused at the console gate
    client.force_login(cases.org_member)
    assert client.get(page).status_code == 403
    assert client.post(export).status_code == 403
    # org B's admin sees its own figures and cannot reach org A's
    client.force_login(cases.outsider)
    response = client.get(page, {"year": YEAR})
    assert response.context["stats"].consultations == 1
    assert client.get(page, {"org": "ORGA"}).status_code == 404
    assert client.post(export, query_params={"org": "ORGA"}).status_code == 404


def test_the_page_posts_the_export_to_the_registry_with_its_filters(client, cases, city_handler):
    client.force_login(city_handler)
    # when
    page = client.get(
        reverse("legal:statistics"), {"org": "CX", "year": YEAR, "period": "q2"}
    ).content.decode()
    # then the 导出 button posts to the spreadsheets export with the period and the root union
    assert f'<form method="post" action="{EXPORT}?year={YEAR}&amp;period=q2&amp;org=CX">' in page


def test_export_writes_the_figures_and_an_audit_row(client, cases, city_handler):
    client.force_login(city_handler)
    # when
    response = client.post(
        EXPORT,
        query_params={"org": "CITY", "year": YEAR, "period": "q2", "page": "3"},
        REMOTE_ADDR="10.9.8.7",
    )
    # then
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    name = quote(f"法律服务统计-{cases.city.name}-{YEAR}第二季度.xlsx")
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{name}"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    assert book.sheet_names == ["汇总", "咨询状态", "援助申请状态", "办理结果", "按月份", "按下级工会"]
    summary = book.get_sheet_by_name("汇总").to_python()
    assert ["法律咨询（件）", 2] in [list(r) for r in summary]
    assert f"期间：{YEAR}-04-01 至 {YEAR}-06-30" in str(summary[0][0])
    unions = [list(r) for r in book.get_sheet_by_name("按下级工会").to_python()][2:]
    assert [r[0] for r in unions] == ["甲县教育工会", "乙县教育工会", "测试市教科文卫体工会（本级）"]
    assert unions[1][1:] == [1, 1, 1, 10000, 5000]
    # and one audit row, the spreadsheets export's, with the address and the filters but not the page
    log = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert log.actor == city_handler
    assert re.fullmatch(r"导出法律服务统计 \d+ 行", log.summary)
    assert log.ip_address == "10.9.8.7"
    assert log.detail == {"params": {"org": "CITY", "year": str(YEAR), "period": "q2"}}


def test_statistics_take_the_same_queries_whatever_the_tree(world, city_handler, django_assert_num_queries):
    # given a small tree
    _consultation(world.org_a, MARCH)
    make_application(world.org_a, submitted_on=MARCH)
    legal_statistics(user=city_handler, within=world.city, year=YEAR)  # loads the user's grants once
    # 4 totals, 2 grouped breakdowns, 1 children
    with django_assert_num_queries(7):
        legal_statistics(user=city_handler, within=world.city, year=YEAR)
    # when the tree and the cases grow
    for n in range(5):
        county = OrgFactory.create(parent=world.city, code=f"QC{n}", name=f"县{n}教育工会")
        union = OrgFactory.create(parent=county, code=f"QU{n}", name=f"学校{n}工会")
        _consultation(union, APRIL)
        make_application(union, submitted_on=APRIL, amount_recovered=Decimal("100"))
    # then the number of queries does not change
    with django_assert_num_queries(7):
        stats = legal_statistics(user=city_handler, within=world.city, year=YEAR)
    assert len(stats.by_org) == 7
    with django_assert_num_queries(6):
        legal_statistics(user=city_handler, year=YEAR)
