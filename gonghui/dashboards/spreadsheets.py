"""The statistics workbook of the 数据看板 export: the figure headers, one row of figures, the sheets."""

from collections.abc import Sequence
from typing import Any

from gonghui.core.excel import SheetSpec

from .selectors import AGE_BANDS, Coverage, Figures

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


def dashboard_sheets(coverage: Coverage) -> Sequence[SheetSpec]:
    """汇总 (the total by figure), 下级组织 (one row per child, the root's own rows, the total) and 未建会单位."""
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
    ]
