"""The xlsx of 工间操 rates: the union and each child union, rolled up over its subtree (counts only; cells about
fewer than MIN_CELL people read “<10”, as on the page)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.core.excel import SheetSpec, workbook_bytes

from ..permissions import MIN_CELL


def rates_workbook(root: Any, month: dt.date, rows: list[Any]) -> bytes:
    body = [
        [
            ("合计：" if row.is_total else "") + row.org.name,
            row.grassroots,
            row.adopting,
            row.adoption_rate,
            row.members,
            row.sessions,
            row.participations,
            row.participation_rate,
        ]
        for row in rows
    ]
    notes = [
        f"{root.name} 工间操推广与参与情况（{month:%Y年%m月}）",
        "推广率 = 已推广的基层工会 ÷ 基层工会总数；参与率 = 参与人次（签到 + 单位确认）÷（推广单位会员数 × 开展场次）",
        f"涉及人数不足 {MIN_CELL} 人的单元格显示为“<{MIN_CELL}”；生成时间：{timezone.localtime():%Y-%m-%d %H:%M}",
    ]
    return workbook_bytes(
        [
            SheetSpec(
                name="工间操推广与参与",
                headers=(
                    "工会",
                    "基层工会数",
                    "已推广",
                    "推广率",
                    "推广单位会员",
                    "开展场次",
                    "参与人次",
                    "参与率",
                ),
                rows=body,
                widths=(30, 10, 8, 8, 12, 10, 10, 8),
                notes=notes,
            )
        ]
    )
