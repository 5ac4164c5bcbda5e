"""The workbooks of part events: the activity list (as filtered on the page) and the statistics by union, kind and
month (small cells shown as "<10", as on the page). Neither names a person."""

from collections.abc import Iterable

from django.utils import timezone

from gonghui.core.excel import SheetSpec, workbook_bytes

from ..choices import ActivityKind, ActivityStatus
from ..models import Activity
from ..selectors.events import ActivityStats, StatRow

LIST_HEADERS = (
    "活动名称",
    "活动类型",
    "主办工会",
    "地点",
    "开始时间",
    "结束时间",
    "状态",
    "已报名",
    "名额",
    "待审核/候补",
    "签到",
    "活动预算（元）",
)
STAT_HEADERS = ("活动数", "报名人数", "签到人数", "签到率")


def _when(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


def activities_workbook(activities: Iterable[Activity]) -> tuple[bytes, int]:
    """One sheet, one row per activity; and the number of rows."""
    written = 0
    # {code: label}: the lazy labels forced once per workbook rather than per row
    kinds, statuses = (
        {code: str(label) for code, label in c.choices} for c in (ActivityKind, ActivityStatus)
    )

    def rows() -> Iterable[list[object]]:
        nonlocal written
        for activity in activities:
            written += 1
            yield [
                activity.title,
                kinds.get(activity.kind, activity.kind),
                activity.org.name,
                activity.place,
                _when(activity.starts_at),
                _when(activity.ends_at),
                statuses.get(activity.status, activity.status),
                getattr(activity, "confirmed", 0),
                activity.capacity if activity.capacity is not None else "不限",
                getattr(activity, "waiting", 0),
                getattr(activity, "attended", 0),
                activity.budget if activity.budget is not None else "",
            ]

    content = workbook_bytes(
        [SheetSpec(name="活动列表", headers=LIST_HEADERS, rows=rows(), widths=(30, 12, 24, 24, 17, 17, 8))]
    )
    return content, written


def _stat_rows(rows: Iterable[StatRow]) -> list[list[object]]:
    return [
        [row.label, row.activities, row.registrations_shown, row.attendances_shown, row.rate_shown]
        for row in rows
    ]


def stats_workbook(stats: ActivityStats) -> bytes:
    note = (
        f"{stats.root.name} {stats.year}年（已发布的活动；报名人数为报名成功人数；不足10人的格显示为“<10”）",
    )
    return workbook_bytes(
        [
            SheetSpec(
                name="按工会",
                headers=("工会", *STAT_HEADERS),
                rows=[*_stat_rows(stats.by_union), *_stat_rows([stats.total])],
                widths=(30,),
                notes=note,
            ),
            SheetSpec(
                name="按类型",
                headers=("活动类型", *STAT_HEADERS),
                rows=_stat_rows(stats.by_kind),
                widths=(16,),
            ),
            SheetSpec(name="按月份", headers=("月份", *STAT_HEADERS), rows=_stat_rows(stats.by_month)),
        ]
    )
