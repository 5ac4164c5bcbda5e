"""评选表彰 as xlsx: the 推荐名单 of a campaign (`nominations_workbook`), for `services.nominations.nominations_export`
to audit and the list page to serve no-store. Names, units and facts — no ID number, no phone."""

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from gonghui.core.excel import SheetSpec, workbook_bytes

from .models import HonourCampaign, Nomination

NOMINATION_HEADERS = (
    "序号",
    "推荐单位",
    "推荐对象",
    "工作单位",
    "性别",
    "出生年月",
    "政治面貌",
    "岗位/职称",
    "主要事迹",
    "状态",
    "退回原因",
    "推荐时间",
    "评审得分",
    "评审名次",
    "授予称号/等次",
)


def _fact(nomination: Nomination, key: str) -> str:
    value: Any = (nomination.facts or {}).get(key, "")
    return "" if value is None else str(value)


def nominations_workbook(campaign: HonourCampaign, nominations: Sequence[Nomination]) -> bytes:
    rows: list[list[Any]] = []
    # the status labels forced once, not per row
    statuses = {code: str(label) for code, label in Nomination._meta.get_field("status").flatchoices}
    for index, nomination in enumerate(nominations, start=1):
        submitted = (
            timezone.localtime(nomination.submitted_at).strftime("%Y-%m-%d %H:%M")
            if nomination.submitted_at
            else ""
        )
        rows.append(
            [
                index,
                nomination.nominating_org.name,
                nomination.nominee_name,
                nomination.nominee_unit,
                _fact(nomination, "性别"),
                _fact(nomination, "出生年月"),
                _fact(nomination, "政治面貌"),
                _fact(nomination, "岗位/职称"),
                nomination.deeds,
                statuses.get(nomination.status, nomination.status),
                nomination.return_reason,
                submitted,
                "" if nomination.score is None else float(nomination.score),
                nomination.rank or "",
                nomination.honour_level,
            ]
        )
    return workbook_bytes(
        [
            SheetSpec(
                name="推荐名单",
                headers=NOMINATION_HEADERS,
                rows=rows,
                widths=(6, 24, 12, 24, 6, 10, 10, 14, 50, 10, 20, 18, 10, 8, 14),
                notes=[f"{campaign.title}（{campaign.year}年度）"],
            )
        ]
    )
