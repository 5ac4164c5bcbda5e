"""A contest round's results as xlsx (`round_results_workbook`), for `services.judging.results_export` to audit and
the results page to serve no-store: one sheet per group (rank, entry, people, union, final score, trimmed and
plain mean, each judge's total, award, promotion), the rules stated above. Built at once: a round is small."""

from decimal import Decimal
from typing import Any

from gonghui.core.excel import SheetSpec, workbook_bytes

from .models import ContestRound
from .selectors.results import RoundResultsView

CENT = Decimal("0.01")


def _number(value: Decimal | None) -> float | str:
    return "" if value is None else float(value.quantize(CENT))


def _sheet_name(name: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:28] or "组别"
    candidate, n = cleaned, 2
    while candidate in used:
        candidate, n = f"{cleaned}{n}", n + 1
    used.add(candidate)
    return candidate


def round_results_workbook(contest_round: ContestRound, view: RoundResultsView) -> bytes:
    state = "最终结果" if view.is_final else "预览（尚未确定）"
    rules = "；".join(rule.label for rule in view.award_rules) or "未设置奖项"
    notes = [
        f"{contest_round.contest.title}·{contest_round.name}（{state}）",
        "计分：5 位及以上评委时去掉一个最高分和一个最低分后取平均；名次按组别排列",
        f"奖项：{rules}；与最后一名获奖者同名次的并列获同一奖项",
    ]
    sheets: list[SheetSpec] = []
    used: set[str] = set()
    for group in view.groups:
        rows: list[list[Any]] = []
        for row in group.rows:
            rows.append(
                [
                    row.rank or "",
                    row.entry.title,
                    row.people,
                    row.entry.entrant_org.name,
                    _number(row.score),
                    _number(row.trimmed_mean),
                    _number(row.mean),
                    *[_number(cell.total) for cell in row.cells],
                    row.award,
                    "是" if row.promoted else "",
                ]
            )
        headers = [
            "名次",
            "参赛项目",
            "参赛人员",
            "报名单位",
            "最终得分",
            "去掉最高最低分后平均分",
            "平均分",
            *[str(judge.user) for judge in group.judges],
            "奖项",
            "晋级",
        ]
        sheets.append(SheetSpec(_sheet_name(group.group.name, used), headers, rows, notes=notes))
    if not sheets:
        sheets.append(SheetSpec("评审结果", ["名次", "参赛项目"], [], notes=notes))
    return workbook_bytes(sheets)
