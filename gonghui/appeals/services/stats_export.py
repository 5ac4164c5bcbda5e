"""The statistics of 网上维权 as an audited xlsx export."""

import io
from collections.abc import Iterable
from typing import Any

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.excel import SheetSpec, write_workbook
from gonghui.core.models import AuditAction

from ..stats import AppealStats, Figures, StatsRow

STATS_HEADERS = (
    "诉求数",
    "受理率(%)",
    "平均办理用时（工作日）",
    "P90办理用时（工作日）",
    "超期率(%)",
    "重办率(%)",
    "满意度(%)",
    "满意",
    "基本满意",
    "不满意",
)


def _stats_values(f: Figures) -> list[Any]:
    def blank(value: Any) -> Any:
        return "" if value is None else value

    return [
        f.count,
        blank(f.acceptance_rate),
        blank(f.avg_handling),
        blank(f.p90_handling),
        blank(f.overdue_rate),
        blank(f.reopen_rate),
        blank(f.satisfaction_rate),
        f.satisfied,
        f.fairly,
        f.unsatisfied,
    ]


def appeal_stats_export(*, stats: AppealStats, actor: Actor, context: AuditContext) -> bytes:
    """The statistics as xlsx (one sheet per dimension); audited against the root union."""
    note = (
        f"统计范围：{stats.root.name}及其下级工会；提交日期 {stats.start:%Y-%m-%d} 至 {stats.end:%Y-%m-%d}；"
        "受理率 = 已受理 ÷ 已作出受理决定；满意度 = (满意 + 基本满意) ÷ 已评价"
    )

    def sheet(name: str, first: str, rows: Iterable[Any]) -> SheetSpec:
        return SheetSpec(
            name,
            (first, *STATS_HEADERS),
            [[row.label, *_stats_values(row.figures)] for row in rows],
            (24,),
            notes=(note,),
        )

    own = [StatsRow(key="own", label=f"{stats.root.name}（本级）", figures=stats.own)]
    total = [StatsRow(key="total", label="合计", figures=stats.total)]
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        [
            sheet("汇总", "范围", total),
            sheet("按类别", "类别", stats.by_category),
            sheet("按工会", "工会", [*stats.by_org, *own]),
            sheet("按月份", "月份", stats.by_month),
            sheet("按渠道", "渠道", stats.by_channel),
        ],
    )
    audit_log(
        action=AuditAction.EXPORT,
        actor=actor,
        context=context,
        subject=stats.root,
        org_id=stats.root.pk,
        summary=f"导出{stats.root.name}诉求统计（{stats.start:%Y-%m-%d}至{stats.end:%Y-%m-%d}）",
        detail={"org": stats.root.code, "start": stats.start.isoformat(), "end": stats.end.isoformat()},
    )
    return buffer.getvalue()
