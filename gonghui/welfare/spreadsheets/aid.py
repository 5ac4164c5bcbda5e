"""帮扶救助 in the national 帮扶 system's columns: the field vocabulary a saved layout (`AidExportLayout`) maps to
column titles, the built-in layout, and the workbook. Full names and ID numbers are written, so the caller
(`services.aid.aid_export`) checks `welfare.reveal`, audits, and its view answers no-store. A layout nobody has
checked against the national system says so in the sheet's name and its first row."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.excel import SheetSpec, workbook_bytes

from ..models import AidRecord

# field key → its Chinese name (what the layout page lists and a layout's "列标题=字段" lines may name)
AID_EXPORT_FIELDS: dict[str, str] = {
    "sequence": "序号",
    "number": "档案编号",
    "name": "姓名",
    "id_number": "身份证号",
    "unit": "所在单位",
    "union": "所在工会",
    "hardship_class": "困难类别",
    "cause_main": "主要致困原因",
    "kind": "帮扶类型",
    "occasion": "帮扶事由",
    "amount": "帮扶金额",
    "fund": "资金来源",
    "fund_name": "经费名称",
    "paying_org": "发放工会",
    "paid_on": "发放日期",
    "year": "年度",
    "phone": "联系电话",
    "note": "备注",
}

DEFAULT_LAYOUT_KEY = "default"
DEFAULT_LAYOUT_NAME = "全国工会帮扶工作管理系统（待核对）"
# the typical columns of the national system's aid import; not yet checked against it (hence 待核对)
DEFAULT_AID_COLUMNS: list[dict[str, str]] = [
    {"key": "number", "title": "档案编号"},
    {"key": "name", "title": "姓名"},
    {"key": "id_number", "title": "身份证号"},
    {"key": "unit", "title": "所在单位"},
    {"key": "hardship_class", "title": "困难类别"},
    {"key": "kind", "title": "帮扶类型"},
    {"key": "amount", "title": "帮扶金额"},
    {"key": "fund", "title": "资金来源"},
    {"key": "paid_on", "title": "发放日期"},
]

UNVERIFIED = "未经全国帮扶系统核对"


@dataclass(frozen=True)
class ExportLayout:
    """A layout the export is written in: the built-in one (`key` "default") or a saved one (`key` its pk)."""

    key: str
    name: str
    columns: list[dict[str, str]]
    verified: bool
    org_name: str = ""


def _id_number(record: AidRecord) -> str:
    token = record.file.applicant.id_number_encrypted
    return decrypt_identifier(token) if token else ""


_VALUES: dict[str, Callable[[AidRecord], Any]] = {
    "number": lambda r: r.file.number,
    "name": lambda r: r.file.applicant.name,
    "id_number": _id_number,
    "unit": lambda r: r.file.org.unit_name or r.file.org.name,
    "union": lambda r: r.file.org.name,
    "hardship_class": lambda r: r.file.get_decided_class_display(),
    "cause_main": lambda r: r.file.get_cause_main_display(),
    "kind": lambda r: r.get_kind_display(),
    "occasion": lambda r: r.occasion,
    "amount": lambda r: float(r.amount),
    "fund": lambda r: r.budget_line.fund.get_kind_display(),
    "fund_name": lambda r: f"{r.budget_line.fund.org.name} · {r.budget_line}",
    "paying_org": lambda r: r.org.name,
    "paid_on": lambda r: timezone.localdate(r.created_at),
    "year": lambda r: r.year,
    "phone": lambda r: r.file.applicant.phone,
    "note": lambda r: r.note,
}


def aid_value(key: str, record: AidRecord, sequence: int) -> Any:
    return sequence if key == "sequence" else _VALUES[key](record)


def aid_workbook(records: Iterable[AidRecord], layout: ExportLayout) -> tuple[bytes, int]:
    """The records in the layout's columns (one row each) and the number of rows written."""
    rows: list[Sequence[Any]] = [
        [aid_value(column["key"], record, index) for column in layout.columns]
        for index, record in enumerate(records, start=1)
    ]
    notes: list[str] = []
    name = "帮扶救助"
    if not layout.verified:
        name = f"帮扶救助（{UNVERIFIED}）"
        notes.append(
            f"{UNVERIFIED}：导出格式“{layout.name}”的列尚未与全国工会帮扶工作管理系统核对，"
            "导入前请逐列核对并删除本行"
        )
    content = workbook_bytes(
        [SheetSpec(name=name, headers=[c["title"] for c in layout.columns], rows=rows, notes=notes)]
    )
    return content, len(rows)
