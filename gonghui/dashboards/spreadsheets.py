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
from .selectors.women import CHECKLIST_ITEMS, WomenFigures, WomenRow, WomenStats, women_stats_for, women_year

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


# ---- 女职工工作 ------------------------------------------------------------------------------------------------

WOMEN_WORK = "women_work"
WOMEN_HEADERS = (
    "组织编码",
    "组织名称",
    "女会员",
    "女职工委员会",
    "检查表",
    "两癌筛查参加人数",
    *(f"{label}(已落实单位)" for _f, label in CHECKLIST_ITEMS),
)


def _women_row(code: str, name: str, f: WomenFigures, committee: str, checklist: str) -> list[Any]:
    """One row: counts about people as shown on the page ("<10"); the checklist as 已填/未填 or filled/units."""
    return [code, name, f.women_shown, committee, checklist, f.participants_shown, *f.items]


def _child_values(row: WomenRow) -> list[Any]:
    committee = ("已建" if row.committee else "未建") if row.elects_committee else "—"
    checklist = (
        ("已填" if row.figures.filled else "未填")
        if row.is_unit
        else f"{row.figures.filled}/{row.figures.units}"
    )
    return _women_row(row.org.code, row.org.name, row.figures, committee, checklist)


def women_sheets(stats: WomenStats) -> list[SheetSpec]:
    """汇总 (the subtree's figures) and 下级组织 (one row per child, the root's own rows, the total)."""
    root, t = stats.root, stats.total
    note = (
        f"统计范围：{root.name}及其下级组织；年度：{stats.year}年；女会员指在籍及保留会籍女会员；"
        "涉及人数不足10人显示“<10”；检查表只记录措施和人数"
    )
    summary: list[tuple[str, Any]] = [
        ("女会员", t.women_shown),
        ("女会员占比(%)", t.women_share),
        ("已建女职工委员会的工会", t.committees),
        ("应建女职工委员会的工会", t.unions),
        ("已填写检查表的基层工会", t.filled),
        ("基层工会", t.units),
        ("检查表覆盖率(%)", t.coverage),
        *((f"{label}落实率(%)", rate) for label, _n, rate in t.item_rates),
        ("两癌筛查参加人数", t.participants_shown),
    ]
    rows = [_child_values(row) for row in stats.children]
    own_checklist = (
        ("已填" if stats.own.filled else "未填")
        if stats.root_is_unit
        else f"{stats.own.filled}/{stats.own.units}"
    )
    own_committee = "已建" if stats.root_committee else "未建"
    rows.append(_women_row(root.code, f"{root.name}（本级）", stats.own, own_committee, own_checklist))
    rows.append(_women_row("", "合计", t, f"{t.committees}/{t.unions}", f"{t.filled}/{t.units}"))
    return [
        SheetSpec("汇总", ("指标", "数值"), summary, (24, 14), notes=(note,)),
        SheetSpec("下级组织", WOMEN_HEADERS, rows, (12, 30), notes=(note,)),
    ]


class WomenWorkExporter(Exporter):
    """女职工工作统计 of the subtree under `org` for `year`: aggregates only (small counts as "<10"), written at once."""

    key = WOMEN_WORK
    label = "女职工工作统计"
    action = VIEW

    def count(self, *, user: Actor, params: dict[str, str]) -> int:
        return 0

    def sheets(self, *, user: Actor, params: dict[str, str]) -> list[SheetSpec]:
        root = dashboard_root_get_for_user(user=user, code=params.get("org", ""))
        return women_sheets(women_stats_for(root=root, year=women_year(params.get("year"))))

    def file_name(self, params: dict[str, str]) -> str:
        year = women_year(params.get("year"))
        return (
            f"{self.label}-{org_name(code=params.get('org', ''))}-{year}年-{timezone.localdate():%Y%m%d}.xlsx"
        )


def register() -> None:
    """Called from DashboardsConfig.ready()."""
    exporters.register(DASHBOARD, DashboardExporter())
    exporters.register(WOMEN_WORK, WomenWorkExporter())
