"""The attendance workbook of one activity: 签到名单 (every attendance: times, method, late, check-out, who
recorded it) and, once the activity has ended, 未到 (confirmed registrations without attendance). Full names and
member numbers: the export is a POST, audited, never cached."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from gonghui.core.excel import SheetSpec, workbook_bytes

from ..models import Activity, Attendance, Registration

ATTENDANCE_HEADERS = (
    "序号",
    "姓名",
    "会员编号",
    "所属工会",
    "报名回执号",
    "签到时间",
    "方式",
    "迟到",
    "签退时间",
    "登记人",
)
ABSENT_HEADERS = ("序号", "姓名", "会员编号", "所属工会", "报名回执号")


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def attendance_workbook(
    activity: Activity, attendance: Iterable[Attendance], absent: Iterable[Registration] | None
) -> tuple[bytes, int]:
    rows = [
        [
            index,
            a.member.name,
            a.member.member_number or "",
            a.member.org.name,
            a.registration.number if a.registration else "",
            _when(a.checked_in_at),
            a.get_method_display(),
            "是" if a.late else "",
            _when(a.checked_out_at),
            (a.recorded_by.name or a.recorded_by.get_username()) if a.recorded_by else "",
        ]
        for index, a in enumerate(attendance, start=1)
    ]
    notes = [
        f"活动：{activity.title}",
        f"主办工会：{activity.org.name}；时间：{_when(activity.starts_at)} 至 {_when(activity.ends_at)}；地点：{activity.place}",
        f"签到人数：{len(rows)}；迟到判定：开始后{activity.late_after_minutes}分钟",
    ]
    sheets = [
        SheetSpec(
            name="签到名单",
            headers=ATTENDANCE_HEADERS,
            rows=rows,
            widths=(6, 10, 14, 26, 20, 18, 12, 6, 18, 10),
            notes=notes,
        )
    ]
    if absent is not None:
        absent_rows = [
            [index, r.member.name, r.member.member_number or "", r.member.org.name, r.number]
            for index, r in enumerate(absent, start=1)
        ]
        sheets.append(
            SheetSpec(
                name="未到",
                headers=ABSENT_HEADERS,
                rows=absent_rows,
                widths=(6, 10, 14, 26, 20),
                notes=[f"已报名未签到：{len(absent_rows)} 人"],
            )
        )
    return workbook_bytes(sheets), len(rows)
