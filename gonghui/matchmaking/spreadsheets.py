"""The 婚恋交友统计 export through the `spreadsheets` Exporter registry: the page's 导出 Excel button posts to
`spreadsheets:export_start` with `?org=<union code>`; the workbook holds exactly the page's table (every cell a
shown string, "<10" for 1–9) and no row about a person, so it is written at once, and the spreadsheets block writes
the EXPORT audit row."""

from typing import Any

from django.utils import timezone

from gonghui.core.excel import SheetSpec
from gonghui.core.spreadsheets import Exporter

from .permissions import STATS
from .selectors.stats import MatchStats, match_stats, org_name, stats_root_for

EXPORTER = "matchmaking_stats"


def stats_sheets(stats: MatchStats) -> list[SheetSpec]:
    headers = ("工会", *stats.columns)
    rows: list[list[Any]] = [[row.label, *row.cells] for row in (*stats.rows, stats.total)]
    scope = f"统计范围：{stats.root.name}及下级工会；统计日期：{stats.today:%Y-%m-%d}"
    return [SheetSpec("婚恋交友统计", headers, rows, (30,), notes=(scope, stats.note))]


class MatchStatsExporter(Exporter):
    """婚恋交友统计 of the subtree under `org` (a union code): counts only, so always written at once."""

    key = EXPORTER
    label = "婚恋交友统计"
    action = STATS

    def count(self, *, user: Any, params: dict[str, str]) -> int:
        return 0

    def sheets(self, *, user: Any, params: dict[str, str]) -> list[SheetSpec]:
        root = stats_root_for(user, params.get("org", ""))
        return stats_sheets(match_stats(root))

    def file_name(self, params: dict[str, str]) -> str:
        name = org_name(code=params.get("org", ""))
        return f"{self.label}-{name + '-' if name else ''}{timezone.localdate():%Y%m%d}.xlsx"
