"""An activity's registrations as xlsx (part signup): one row per registration, every state, in the order they
came in; names of members, so the caller audits the export and its view answers no-store."""

from collections.abc import Iterable

from django.utils import timezone

from gonghui.core.excel import SheetSpec, workbook_bytes

from ..models import Activity, Registration

HEADERS = (
    "报名回执号",
    "姓名",
    "会员编号",
    "所在工会",
    "状态",
    "报名时间",
    "排队时间",
    "审核人",
    "审核意见",
    "取消时间",
    "备注",
)


def _at(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


def registration_workbook(activity: Activity, rows: Iterable[Registration]) -> tuple[bytes, int]:
    """The workbook and its number of rows (registrations with member, member__org and decided_by loaded)."""
    data = [
        [
            row.number,
            row.member.name,
            row.member.member_number or "",
            row.member.org.name,
            row.get_status_display(),
            _at(row.created_at),
            _at(row.queued_at),
            (row.decided_by.name or row.decided_by.get_username()) if row.decided_by else "",
            row.decision_note,
            _at(row.cancelled_at),
            row.note,
        ]
        for row in rows
    ]
    content = workbook_bytes(
        [
            SheetSpec(
                name="报名名单",
                headers=HEADERS,
                rows=data,
                widths=(16, 10, 14, 24, 8, 16, 16, 10, 24, 16, 24),
                notes=(f"{activity.title}（{activity.org.name}）",),
            )
        ]
    )
    return content, len(data)
