"""The 评分卡, 排名 and 排名与趋势 downloads: workbooks through spreadsheets:export_start (read back with the project's reader,
core.excel.read_rows: they carry the figures and 暂定 / 已定档), PDFs by POST (bytes start with %PDF, the Chinese
text is there, an EXPORT audit row), refused to outsiders."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from conftest import make_cadre
from gonghui.core.excel import read_rows, sheet_names
from gonghui.core.models import AuditAction, AuditLog
from gonghui.orgs.tests.factories import OrgFactory

from .factories_reports import Result, make_report_scheme, make_results


@pytest.fixture
def county_admin(world):
    return make_cadre("county_x_admin", world.county_x)


@pytest.fixture
def round_2020(world, county_admin):
    school_b = OrgFactory.create(parent=world.county_x, code="SCHB", name="甲县第二中学工会")
    scheme = make_report_scheme(org=world.county_x, actor=county_admin)
    return make_results(
        scheme=scheme,
        actor=county_admin,
        results=[
            Result(world.org_a, Decimal(85), Decimal(7), peer_group="中学"),
            Result(school_b, Decimal(95), Decimal(9), peer_group="小学"),
        ],
    )


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _cells(content: bytes) -> list[list[object]]:
    return [[None if cell == "" else cell for cell in row] for row in read_rows(content)]


def test_scorecard_workbook_lists_every_indicator_with_what_it_lost(world, round_2020):
    target = round_2020.targets.get(org=world.org_a)
    url = reverse("spreadsheets:export_start", args=["evaluation_scorecard"]) + f"?target={target.public_id}"
    # when
    response = _client(world.org_admin).post(url)
    # then
    assert response.status_code == 200
    rows = _cells(response.content)
    text = " ".join(str(c) for row in rows for c in row if c is not None)
    assert "已定档" in text
    assert "总分 20" in text
    by_name = {row[2]: row for row in rows if len(row) > 8}
    assert by_name["入会率"][3:9] == [10, "入会率 85%", None, None, 8, 2]
    assert by_name["入会率"][11] == "/members/?org=ORGA"
    assert by_name["职代会制度"][10] == "达标"


def test_league_workbook_follows_the_peer_filter(county_admin, round_2020):
    url = reverse("spreadsheets:export_start", args=["evaluation_league"])
    response = _client(county_admin).post(f"{url}?round={round_2020.public_id}&peer=中学")
    rows = _cells(response.content)
    header = next(row for row in rows if row and row[0] == "排名")
    assert header[4:6] == ["组织建设", "民主管理"]
    data = rows[rows.index(header) + 1 :]
    assert [(row[0], row[2], row[-3]) for row in data] == [(2, "甲县第一中学工会", 20)]


def test_pdfs_are_posted_audited_and_refused_to_outsiders(world, county_admin, round_2020):
    target = round_2020.targets.get(org=world.org_a)
    card_url = reverse("evaluations:scorecard_pdf", args=[target.public_id])
    league_url = reverse("evaluations:league_pdf", args=[round_2020.public_id])
    # when
    card = _client(world.org_admin).post(card_url)
    league = _client(county_admin).post(league_url)
    # then
    assert card.content.startswith(b"%PDF")
    assert league.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(card.content)).pages[0].extract_text()
    assert "2020年度考核 评分卡" in text
    assert "入会率 85 ≥ 80，得 8 分" in text
    assert "attachment" in card["Content-Disposition"]
    summaries = set(AuditLog.objects.filter(action=AuditAction.EXPORT).values_list("summary", flat=True))
    assert "导出评分卡（PDF）：2020年度考核 · 甲县第一中学工会" in summaries
    assert "导出考核排名（PDF）：2020年度考核，2 个单位" in summaries
    assert _client(world.org_admin).get(card_url).status_code == 405
    assert _client(world.outsider).post(card_url).status_code == 404
    assert _client(world.org_admin).post(league_url).status_code == 404  # a target does not get the league


def test_trends_workbook_reads_as_the_page_and_is_refused_outside(world, county_admin, round_2020):
    url = reverse("spreadsheets:export_start", args=["evaluation_trends"])
    # when: org A's admin exports their union's results; the county's admin the county's grade distribution
    own = _client(world.org_admin).post(f"{url}?org=ORGA")
    county = _client(county_admin).post(f"{url}?org=CX")
    # then
    assert sheet_names(own.content) == [
        "历年考核结果"
    ]  # org A runs no rounds: no distribution, as on the page
    rows = _cells(own.content)
    header = next(row for row in rows if row and row[0] == "考核")
    assert header == [
        "考核",
        "年度",
        "总分",
        "等级",
        "排名",
        "同类排名",
        "同类比较组",
        "组织建设",
        "民主管理",
    ]
    assert rows[rows.index(header) + 1 :] == [["2020年度考核", 2020, 20, "一星", "2/2", "1/1", "中学", 15, 5]]
    assert sheet_names(county.content) == ["历年等级分布"]  # the county was no target: only the distribution
    grades = _cells(county.content)
    assert grades[-1][0:2] == ["2020年度考核", 2020]
    assert grades[-1][-1] == 2
    assert _client(world.outsider).post(f"{url}?org=ORGA").status_code == 404
    assert _client(world.org_member).post(f"{url}?org=ORGA").status_code == 403


def test_trends_pdf_is_posted_audited_and_refused_to_outsiders(world, round_2020):
    url = reverse("evaluations:trends_pdf") + "?org=ORGA"
    # when
    response = _client(world.org_admin).post(url)
    # then
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "甲县第一中学工会 排名与趋势" in text
    assert "2020年度考核" in text
    assert AuditLog.objects.filter(
        action=AuditAction.EXPORT, summary="导出排名与趋势（PDF）：甲县第一中学工会，1 次考核结果"
    ).exists()
    assert _client(world.org_admin).get(url).status_code == 405
    assert _client(world.outsider).post(url).status_code == 404
