"""疗休养 workbooks: the roster a resort receives for one batch (full names and phone numbers: the resort calls its
guests, so the export is a POST, audited, never cached) and the report up to 市总 (counts per union and per batch,
no names)."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from gonghui.core.excel import SheetSpec, workbook_bytes

from ..models import RecuperationBatch, RecuperationPlace, RecuperationProgramme

ROSTER_HEADERS = (
    "序号",
    "姓名",
    "性别",
    "推荐工会",
    "所在单位",
    "手机号",
    "一线优先",
    "状态",
    "确认时间",
    "报到时间",
)


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def roster_workbook(
    batch: RecuperationBatch, places: Iterable[RecuperationPlace], checked_in: dict[int, Any]
) -> tuple[bytes, int]:
    rows = [
        [
            index,
            place.member.name,
            place.member.get_gender_display(),
            place.org.name,
            place.member.org.unit_name or place.member.org.name,
            place.member.phone,
            "是" if place.front_line else "",
            "已报到" if place.member_id in checked_in else place.get_status_display(),
            _when(place.confirmed_at),
            _when(place.checked_in_at or checked_in.get(place.member_id)),
        ]
        for index, place in enumerate(places, start=1)
    ]
    programme = batch.programme
    notes = [
        f"{programme.name} · {batch.name}",
        f"疗休养地点：{batch.resort}；日期：{batch.starts_on:%Y-%m-%d} 至 {batch.ends_on:%Y-%m-%d}；人数：{batch.capacity}",
        f"集合：{batch.assembly or '另行通知'}",
        "含个人手机号，仅供疗休养接待使用，请勿外传",
    ]
    content = workbook_bytes(
        [
            SheetSpec(
                name="疗休养名单",
                headers=ROSTER_HEADERS,
                rows=rows,
                widths=(6, 10, 6, 24, 24, 14, 8, 10, 18, 18),
                notes=notes,
            )
        ]
    )
    return content, len(rows)


def report_workbook(programme: RecuperationProgramme, unions: list[Any], batches: list[Any]) -> bytes:
    union_rows = [
        [
            ("　" * row.depth) + row.org_name,
            row.allocated,
            row.sub_allocated,
            row.nominated,
            row.confirmed,
            row.attended,
        ]
        for row in unions
    ]
    batch_rows = [
        [
            batch.name,
            batch.resort,
            f"{batch.starts_on:%Y-%m-%d} 至 {batch.ends_on:%Y-%m-%d}",
            batch.capacity,
            batch.live_count,
            batch.confirmed_count + batch.attended_count,
            batch.attended_count,
        ]
        for batch in batches
    ]
    notes = [
        f"{programme.name}（{programme.year}年）",
        f"名额来源：{programme.issuer}{('，' + programme.received_reference) if programme.received_reference else ''}；"
        f"收到名额 {programme.places_received} 个",
        f"报送单位：{programme.org.name}；生成时间：{timezone.localtime():%Y-%m-%d %H:%M}",
    ]
    return workbook_bytes(
        [
            SheetSpec(
                name="各工会名额使用",
                headers=("工会", "分配名额", "下拨下级", "本级推荐", "已确认", "已报到"),
                rows=union_rows,
                widths=(30, 10, 10, 10, 10, 10),
                notes=notes,
            ),
            SheetSpec(
                name="各批次",
                headers=("批次", "地点", "日期", "人数", "已推荐", "已确认", "已报到"),
                rows=batch_rows,
                widths=(12, 24, 26, 8, 8, 8, 8),
                notes=notes,
            ),
        ]
    )
