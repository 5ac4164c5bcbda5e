"""The statistics export (dashboards.spreadsheets): the figures of a row, and the `dashboard` Exporter's sheets,
root (read for the user as the page reads it) and file name."""

import datetime as dt

import pytest
import time_machine
from django.http import Http404

from conftest import make_cadre
from gonghui.core.spreadsheets import exporters
from gonghui.dashboards.selectors import coverage_for
from gonghui.dashboards.spreadsheets import DASHBOARD, FIGURE_HEADERS, figure_values

from .conftest import TODAY


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_figure_values_follow_the_headers(stats_tree):
    # given
    total = coverage_for(root=stats_tree.city, today=TODAY).total
    # when
    values = dict(zip(FIGURE_HEADERS, figure_values(total), strict=True))
    # then
    assert values == {
        "职工总数": 220,
        "在编职工": 160,
        "非在编职工": 50,
        "劳务派遣职工": 10,
        "会员数": 7,
        "入会率(%)": 2.7,  # 在职 only: m3 (保留会籍, retired) is left out
        "女会员": 3,
        "女会员占比(%)": 42.9,
        "非在编会员": 1,
        "非在编占比(%)": 14.3,
        "非在编入会率(%)": 2.0,
        "劳务派遣会员": 1,
        "劳务派遣占比(%)": 14.3,
        "劳务派遣入会率(%)": 10.0,
        "本年新会员": 3,
        "25岁及以下": 1,
        "26–35岁": 2,
        "36–45岁": 2,
        "46–55岁": 1,
        "56岁及以上": 1,
        "未建会单位": 4,
    }


def test_exporter_sheets_leave_undefined_rates_blank(stats_tree):
    # given
    exporter = exporters.get(DASHBOARD)
    admin = make_cadre("county_y_admin", stats_tree.county_y)
    # when
    sheets = exporter.sheets(user=admin, params={"org": "CY"})
    # then
    assert [s.name for s in sheets] == ["汇总", "下级组织", "未建会单位", "未建会单位按状态"]
    assert ("未通过", 1) in list(sheets[3].rows)  # 乙县仁和医院
    children = sheets[1]
    assert list(children.headers[:3]) == ["组织编码", "组织名称", "职工总数"]
    org_b = list(children.rows)[0]
    assert org_b[:2] == ["ORGB", "乙县人民医院工会"]
    assert org_b[2 + FIGURE_HEADERS.index("劳务派遣入会率(%)")] is None  # 0 劳务派遣 workers: no rate (blank)
    assert exporter.count(user=admin, params={"org": "CY"}) == 0  # always written at once


@pytest.mark.parametrize(("code", "_case"), [("CX", "the admin's parent county"), ("", "no root given")])
def test_exporter_root_out_of_scope_is_404(stats_tree, org_admin, code, _case):
    with pytest.raises(Http404):
        exporters.get(DASHBOARD).sheets(user=org_admin, params={"org": code})


def test_exporter_file_name_names_the_root_and_the_day(stats_tree):
    assert exporters.get(DASHBOARD).file_name({"org": "CY"}) == "会员与覆盖面统计-乙县教育工会-20260615.xlsx"
