"""The Excel side of 报送: reading a template's header row, checking a filled copy against it, and the aggregate
workbook that sums numeric columns up the tree."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from gonghui.attachments.policies import MB, UploadPolicy, attachment_check
from gonghui.core.excel import (
    HEADER_SEARCH_ROWS,
    SheetSpec,
    SpreadsheetError,
    cell_text,
    formula_cells,
    normalize_header,
    read_rows,
)

from .fields import number_value

XLSX_POLICY = UploadPolicy(max_bytes=10 * MB, extensions=frozenset({"xlsx"}))
MAX_HEADERS = 100
MAX_ROWS = 20_000
TOTAL_LABELS = {"合计", "总计", "小计", "总数"}
NAMES_SHOWN = 10  # columns or cells named in one message, then "等 N 列"


def _nonempty(row: Sequence[Any]) -> list[str]:
    return [cell_text(v) for v in row if cell_text(v)]


def _named(items: Sequence[str], unit: str) -> str:
    """“甲”、“乙” … 等 N 列: at most NAMES_SHOWN names (a 120-column sheet gets a readable message)."""
    shown = "、".join(f"“{item}”" for item in items[:NAMES_SHOWN])
    return shown + (f"等 {len(items)} {unit}" if len(items) > NAMES_SHOWN else "")


def _formula_refusal(places: Sequence[tuple[int, str]]) -> str:
    """A formula's stored result is not what Excel shows (=1+1 reads as 0; =HYPERLINK, =cmd|… DDE): the person
    pastes values instead — the same words as `core.excel`'s importers."""
    named = "、".join(f"第 {row} 行“{label}”列" for row, label in places[:5])
    more = f"等 {len(places)} 处" if len(places) > 5 else ""
    return f"{named}{more}是公式：请选中这些单元格，复制后“选择性粘贴为数值”，再上传"


def template_headers_read(content: bytes) -> list[str]:
    """The header row of a template: among the first rows, the one with the most filled cells (a title row
    above it usually has one). Errors are on the "template" field."""
    try:
        rows = read_rows(content)
    except SpreadsheetError as exc:
        raise ValidationError({"template": str(exc)}) from None
    best: list[str] = []
    best_index = -1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = _nonempty(row)
        if len(cells) > len(best):
            best, best_index = cells, index
    formulas = [(r, c) for r, c in formula_cells(content) if r == best_index + 1]
    if formulas:
        places = "、".join(f"第 {c + 1} 列" for _r, c in formulas[:NAMES_SHOWN])
        raise ValidationError(
            {"template": f"模板表头（第 {best_index + 1} 行）的{places}是公式：表头请直接写成文字后再上传"}
        )
    if not best:
        raise ValidationError({"template": "模板的前 10 行中没有表头，请在第一张工作表中写好表头行"})
    if len(best) > MAX_HEADERS:
        raise ValidationError({"template": f"模板表头不能超过 {MAX_HEADERS} 列"})
    names = [normalize_header(h) for h in best]
    duplicates = sorted({h for h, n in zip(best, names, strict=True) if names.count(n) > 1})
    if duplicates:
        raise ValidationError({"template": f"模板表头中有重复的列：{'、'.join(duplicates)}"})
    return best


@dataclass(frozen=True)
class FilledSheet:
    rows: int
    totals: dict[str, int | float]

    def as_data(self) -> dict[str, Any]:
        return {"rows": self.rows, "totals": self.totals}


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = cell_text(value)
    if not text:
        return None
    try:
        return number_value(text)
    except ValueError:
        return None


def filled_sheet_read(headers: Sequence[str], content: bytes) -> FilledSheet:
    """Check a filled copy against the template's header row and total its numeric columns. A column is
    numeric when every filled cell in it is a number; rows labelled 合计/总计 are not counted. Errors are on the
    "filled" field and name the missing and unexpected columns."""
    try:
        rows = read_rows(content)
    except SpreadsheetError as exc:
        raise ValidationError({"filled": str(exc)}) from None
    wanted = {normalize_header(h): h for h in headers}
    header_index, best_hits = -1, -1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in row if normalize_header(v) in wanted)
        if hits > best_hits:
            header_index, best_hits = index, hits
    header = rows[header_index] if header_index >= 0 else []
    present = {normalize_header(v): i for i, v in enumerate(header) if normalize_header(v)}
    missing = [h for n, h in wanted.items() if n not in present]
    unexpected = [cell_text(header[i]) for n, i in present.items() if n not in wanted]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append("缺少列" + _named(missing, "列"))
        if unexpected:
            parts.append("多出列" + _named(unexpected, "列"))
        raise ValidationError(
            {
                "filled": f"上传的表格与模板表头不一致：{'；'.join(parts)}。请在下发的模板上填写，不要增删或改动表头。"
            }
        )
    numbered = [
        (header_index + 2 + i, row) for i, row in enumerate(rows[header_index + 1 :]) if _nonempty(row)
    ]
    if len(numbered) > MAX_ROWS:
        raise ValidationError({"filled": f"表格超过 {MAX_ROWS} 行，请联系发出单位"})
    counted = {n: row for n, row in numbered if not (set(_nonempty(row)[:1]) & TOTAL_LABELS)}
    labels = {i: wanted[n] for n, i in present.items()}
    # formula cells of the rows that count (a 合计 row's =SUM(…) is not read), in the template's columns
    formulas = [(r, labels[c]) for r, c in formula_cells(content) if r in counted and c in labels]
    if formulas:
        raise ValidationError({"filled": _formula_refusal(formulas)})
    body = list(counted.values())
    totals: dict[str, int | float] = {}
    for name, label in wanted.items():
        position = present[name]
        cells = [row[position] for row in body if position < len(row) and cell_text(row[position])]
        numbers = [_number(v) for v in cells]
        if cells and all(n is not None for n in numbers):
            total = sum(n for n in numbers if n is not None)
            totals[label] = round(total, 6) if isinstance(total, float) else total
    return FilledSheet(rows=len(body), totals=totals)


@dataclass(frozen=True)
class AggregateColumn:
    """A column of the export: a numeric one is summed up the tree (two columns: 本级, 本级及下级合计); any other
    answer (text, choice, date, file name) is shown as given, in one column."""

    key: str
    label: str
    numeric: bool = True


@dataclass
class AggregateRow:
    """One org of the tree in the export: its own answers and the numbers of its subtree (own included)."""

    org_name: str
    org_code: str
    level: str
    indent: int
    status: str
    submitted_at: Any
    late: bool
    own: dict[str, int | float]
    total: dict[str, int | float]
    answers: dict[str, Any] = field(default_factory=dict)


AGGREGATE_NOTE = (
    "每个组织一行，按组织层级排列；文字、选项、日期和文件列为该组织自己报送的内容；数字列分“本级”（该组织自己的报送）"
    "和“本级及下级合计”（本级与其全部下级之和）；只计入已报送和已通过的数据，暂存的内容不计入"
)


def aggregate_sheet(
    *, title: str, columns: Sequence[AggregateColumn], rows: Sequence[AggregateRow]
) -> SheetSpec:
    """The 汇总 sheet of a task's aggregate export: the title line and the note above the header row, then one row
    per org (indented by depth, with its 层级) holding every answer: a numeric column as the org's own figure and
    its subtree's total, any other column as the org's own answer."""
    headers = ["组织", "组织编码", "层级", "报送状态", "报送时间", "是否逾期"]
    widths = [36, 12, 14, 10, 18, 8]
    for column in columns:
        if column.numeric:
            headers += [f"{column.label}（本级）", f"{column.label}（本级及下级合计）"]
            widths += [max(10, len(column.label) * 2 + 8), max(12, len(column.label) * 2 + 16)]
        else:
            headers.append(column.label)
            widths.append(max(16, len(column.label) * 2 + 2))
    body = []
    for row in rows:
        values: list[Any] = [
            "　" * row.indent + row.org_name,
            row.org_code,
            row.level,
            row.status,
            row.submitted_at,
            "是" if row.late else "",
        ]
        for column in columns:
            if column.numeric:
                values += [row.own.get(column.key), row.total.get(column.key, 0)]
            else:
                values.append(row.answers.get(column.key))
        body.append(values)
    return SheetSpec(name="汇总", headers=headers, rows=body, widths=widths, notes=[title, AGGREGATE_NOTE])


def template_headers_checked(template: UploadedFile[bytes] | None) -> list[str] | None:
    """The header row of an uploaded template (None without one), after the upload checks (.xlsx, size); every
    error is on the "template" field."""
    if template is None:
        return None
    try:
        attachment_check(template, XLSX_POLICY)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "file" in exc.error_dict:
            raise ValidationError({"template": exc.error_dict["file"]}) from None
        raise
    template.seek(0)
    headers = template_headers_read(template.read())
    template.seek(0)
    return headers
