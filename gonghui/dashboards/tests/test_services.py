"""The statistics export: the workbook's rows (dashboards.spreadsheets) and its audit row (the service)."""

from gonghui.core.audit import AuditContext
from gonghui.core.excel import read_rows
from gonghui.core.models import AuditLog
from gonghui.dashboards.selectors import coverage_for
from gonghui.dashboards.services import dashboard_export
from gonghui.dashboards.spreadsheets import FIGURE_HEADERS, figure_values

from .conftest import TODAY


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
        "入会率(%)": 3.2,
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


def test_export_writes_blank_cells_for_undefined_rates_and_an_audit_row(stats_tree, org_admin):
    # given
    coverage = coverage_for(root=stats_tree.county_y, today=TODAY)
    # when
    content = dashboard_export(coverage=coverage, actor=org_admin, context=AuditContext())
    # then
    rows = read_rows(content, sheet="下级组织")
    assert rows[1][:3] == ["组织编码", "组织名称", "职工总数"]
    org_b = rows[2]
    assert org_b[:2] == ["ORGB", "乙县人民医院工会"]
    assert org_b[2 + FIGURE_HEADERS.index("劳务派遣入会率(%)")] == ""  # 0 劳务派遣 workers: no rate
    audit = AuditLog.objects.get()
    assert (audit.action, audit.org_id, audit.detail) == (
        "export",
        stats_tree.county_y.pk,
        {"org": "CY", "date": "2026-06-15"},
    )
