"""The workbook of a subsidy to grassroots unions: the roll-up by union (as the detail page shows it to the user)
and the spending list, which names the people helped (the caller audits the export)."""

from collections.abc import Iterable

from gonghui.core.excel import SheetSpec, workbook_bytes

from ..models import SubsidySpending
from ..selectors.subsidies import SubsidyRow

ROLLUP_HEADERS = (
    "工会",
    "层级",
    "分得额度（元）",
    "下拨下级（元）",
    "本级使用（元）",
    "含下级使用（元）",
    "结余（元）",
    "本级可用（元）",
)
SPENDING_HEADERS = ("使用工会", "受助对象", "是否会员", "金额（元）", "发放日期", "事由", "登记人")


def subsidy_workbook(rows: list[SubsidyRow], spendings: Iterable[SubsidySpending]) -> tuple[bytes, int]:
    """The two sheets, and the number of spending rows written."""
    written = 0

    def spending_rows() -> Iterable[list[object]]:
        nonlocal written
        for spending in spendings:
            written += 1
            yield [
                spending.org.name,
                spending.recipient_name,
                "是" if spending.member_id else "否",
                spending.amount,
                spending.spent_on.strftime("%Y-%m-%d"),
                spending.purpose,
                str(spending.recorded_by),
            ]

    rollup = [
        [
            "　" * row.depth + row.org.name,
            row.depth,
            row.allocated,
            row.passed_down,
            row.spent_own,
            row.spent_total,
            row.unspent,
            row.available if row.allocation is not None else row.allocated - row.passed_down,
        ]
        for row in rows
    ]
    content = workbook_bytes(
        [
            SheetSpec(
                name="分配与使用汇总",
                headers=ROLLUP_HEADERS,
                rows=rollup,
                widths=(36, 6, 14, 14, 14, 16, 14, 14),
            ),
            SheetSpec(
                name="使用明细",
                headers=SPENDING_HEADERS,
                rows=spending_rows(),
                widths=(28, 14, 8, 12, 12, 40, 12),
            ),
        ]
    )
    return content, written
