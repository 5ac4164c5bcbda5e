"""Writes of the 数据看板: the statistics export (an xlsx answered at once, with its EXPORT audit row)."""

import io
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.excel import SheetSpec, write_workbook
from gonghui.core.models import AuditAction

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


def _sheets(coverage: Coverage) -> Sequence[SheetSpec]:
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


@transaction.atomic
def dashboard_export(*, coverage: Coverage, actor: Any, context: AuditContext) -> bytes:
    """The statistics of the subtree as xlsx; the export is audited against the root org."""
    buffer = io.BytesIO()
    write_workbook(buffer, _sheets(coverage))
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=coverage.root,
        org_id=coverage.root.pk,
        summary=f"导出{coverage.root.name}会员与覆盖面统计",
        detail={"org": coverage.root.code, "date": coverage.today.isoformat()},
    )
    return buffer.getvalue()
