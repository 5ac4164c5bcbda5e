"""The 数据看板 export through the `spreadsheets` Exporter registry: the page's 导出 Excel button posts to
`spreadsheets:export_start` with `?org=<root code>`; the workbook (汇总, 下级组织, 未建会单位) is written at once and
the spreadsheets export writes the EXPORT audit row ("导出会员与覆盖面统计 N 行").

The root is read for the requesting user with the page's rule (`dashboard_root_get_for_user`: 404 outside their
orgs, 403 without members.view there)."""

from typing import Any

from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.excel import SheetSpec
from gonghui.core.spreadsheets import Exporter, exporters

from .selectors import AGE_BANDS, VIEW, Coverage, Figures, coverage_for, dashboard_root_get_for_user, org_name

DASHBOARD = "dashboard"

FIGURE_HEADERS = (
    "职工总数",
    "在编职工",
    "非在编职工",
    "劳务派遣职工",
    "会员数",
    "入会率(%)",
    "女会员",
    "女会员占比(%)",
    "非在编会员",
    "非在编占比(%)",
    "非在编入会率(%)",
    "劳务派遣会员",
    "劳务派遣占比(%)",
    "劳务派遣入会率(%)",
    "本年新会员",
    *(label for label, _lo, _hi in AGE_BANDS),
    "未建会单位",
)


def figure_values(f: Figures) -> list[Any]:
    """One row of figures in FIGURE_HEADERS order (rates in percent, blank when undefined)."""
    return [
        f.headcount,
        f.headcount_established,
        f.headcount_contract,
        f.headcount_dispatched,
        f.members,
        f.join_rate,
        f.women,
        f.women_share,
        f.contract,
        f.contract_share,
        f.contract_join_rate,
        f.dispatched,
        f.dispatched_share,
        f.dispatched_join_rate,
        f.new_this_year,
        *f.ages,
        f.unfounded,
    ]


def dashboard_sheets(coverage: Coverage) -> list[SheetSpec]:
    """汇总 (the total by figure), 下级组织 (one row per child, the root's own rows, the total), 未建会单位 (by
    单位类别) and 未建会单位按状态 (every 建会 status that counts as unfounded)."""
    root = coverage.root
    headers = ("组织编码", "组织名称", *FIGURE_HEADERS)
    rows: list[list[Any]] = [
        [row.org.code, row.org.name, *figure_values(row.figures)] for row in coverage.children
    ]
    rows.append([root.code, f"{root.name}（本级）", *figure_values(coverage.own)])
    rows.append(["", "合计", *figure_values(coverage.total)])
    note = f"统计范围：{root.name}及其下级组织；统计日期：{coverage.today:%Y-%m-%d}；会员指在籍及保留会籍会员"
    summary = list(zip(FIGURE_HEADERS, figure_values(coverage.total), strict=True))
    return [
        SheetSpec("汇总", ("指标", "数值"), summary, (20, 14), notes=(note,)),
        SheetSpec("下级组织", headers, rows, (12, 30), notes=(note,)),
        SheetSpec(
            "未建会单位", ("单位类别", "单位数"), coverage.unfounded_by_category, (20, 10), notes=(note,)
        ),
        SheetSpec(
            "未建会单位按状态",
            ("建会状态", "单位数"),
            [(label, n) for _status, label, n in coverage.unfounded_by_status],
            (20, 10),
            notes=(note,),
        ),
    ]


class DashboardExporter(Exporter):
    """会员与覆盖面统计 of the subtree under `org` (a root code): aggregates only, so always written at once."""

    key = DASHBOARD
    label = "会员与覆盖面统计"
    action = VIEW

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return 0

    def sheets(self, *, user: Actor, params: dict[str, str]) -> list[SheetSpec]:
        root = dashboard_root_get_for_user(user=user, code=params.get("org", ""))
        return dashboard_sheets(coverage_for(root=root))

    def file_name(self, params: dict[str, str]) -> str:
        """会员与覆盖面统计-<root name>-<yyyymmdd>.xlsx (called once `sheets` has read the root for the user)."""
        return f"{self.label}-{org_name(code=params.get('org', ''))}-{timezone.localdate():%Y%m%d}.xlsx"


def register() -> None:
    """Called from DashboardsConfig.ready()."""
    exporters.register(DASHBOARD, DashboardExporter())
