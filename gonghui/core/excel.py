"""Spreadsheet I/O shared by every import and export.

Reading: python-calamine, never trusting cell types (ID numbers and phones arrive as floats, dates as dates or
text, digits full-width); columns are found by header name with aliases, in any order, on whichever of the first
rows holds the header. Writing: xlsxwriter; every string is written as a text cell, so a value starting with
= + - @ (or a tab or carriage return) can never become a formula, and such a cell also carries the quote prefix
(the leading apostrophe), which survives editing the cell in Excel or WPS (formula-injection escaping).
"""

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from .archives import ZIP_MAGIC, archive_too_large

HEADER_SEARCH_ROWS = 10
_FULL_WIDTH = {
    ord(c): ord(c) - 0xFEE0
    for c in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
}
_HEADER_NOISE = re.compile(r"[\s\*＊:：()（）\[\]【】]|必填|选填")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_CJK = r"[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]"
_SPACE_BY_CJK = re.compile(rf"(?<={_CJK}) | (?={_CJK})")
_DATE_CHARS = str.maketrans("０１２３４５６７８９．／－：　", "0123456789./-: ")
_DATE_SEPARATOR_SPACES = re.compile(r" ?([-./:年月日号]) ?")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
)
ERROR_NOTE_HEADER = "错误说明"  # the column an error report adds; ignored when the corrected file comes back
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31


class SpreadsheetError(Exception):
    """The file as a whole cannot be used (unreadable, no header row, missing required columns)."""


@dataclass(frozen=True)
class Column:
    """One importable column: found by its label or any alias."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    help: str = ""
    example: str = ""
    default: str = (
        ""  # what a blank cell or a missing column becomes, as the page says it ("在编", "导入当天")
    )

    def names(self) -> set[str]:
        return {normalize_header(n) for n in (self.label, *self.aliases)}


@dataclass(frozen=True)
class RowError:
    """A problem in one cell: the Excel row number (1-based, as the user sees it), the column and why."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class Normalised:
    """A cell the importer corrected instead of rejecting: the row, the column, what the file held (as text)
    and what is stored."""

    row: int
    column: str
    before: str
    after: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.column, "from": self.before, "to": self.after}


@dataclass
class SheetData:
    header_row: int  # 1-based
    mapping: dict[str, int]
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)  # headers of the file no column reads, as written


def normalize_header(value: Any) -> str:
    text = cell_text(value)
    return _HEADER_NOISE.sub("", text).lower()


def cell_text(value: Any) -> str:
    """Any cell as clean text: 4.10802199001011e+17-style floats are not trusted (ID numbers must be text
    cells), integral floats lose their '.0', dates become YYYY-MM-DD, full-width letters and digits half-width."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.isascii():  # the common case: nothing full-width to translate
        return text.strip()
    return text.translate(_FULL_WIDTH).replace("\u3000", " ").strip()


def raw_text(value: Any) -> str:
    """A cell exactly as the file held it, as text (floats keep their '.0'): the "from" of a normalisation."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def squash_spaces(text: str) -> str:
    """Stray spaces out of free text: runs of spaces become one, none stays next to a Chinese character
    ("张 三" → "张三", "John  Smith" → "John Smith"), invisible characters go."""
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_BY_CJK.sub("", text)


def clean_text(value: Any) -> str:
    """`cell_text` plus `squash_spaces`: for names and other free text."""
    return squash_spaces(cell_text(value))


def starts_like_formula(text: str) -> bool:
    """Text Excel would run as a formula (or DDE) when typed into a cell."""
    return text.startswith(FORMULA_PREFIXES)


def cell_date(value: Any) -> dt.date | None:
    """A date from the forms people type or Excel stores: date cells, Excel serial numbers (43891), 20200301,
    2020-03-01, 2020.3.1, 2020/03/01, 2020年3月1日 (full-width digits and stray spaces allowed). None when the
    cell is blank; ValueError when it cannot be read as a real date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError("a yes/no cell is not a date")
    if isinstance(value, int | float):
        if value != value or value < 0:  # NaN or negative
            raise ValueError("not a date")
        return _date_from_number(int(value))
    text = _DATE_SEPARATOR_SPACES.sub(r"\1", _SPACES.sub(" ", str(value).translate(_DATE_CHARS)).strip())
    if not text:
        return None
    if text.isdigit():
        if len(text) == 8:
            return _date_from_number(int(text))
        if len(text) == 5:
            return _date_from_serial(int(text))
        raise ValueError("not a date")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    raise ValueError("not a date")


def _date_from_number(number: int) -> dt.date:
    if 10_000_000 <= number <= 99_999_999:  # 20200301
        return dt.date(number // 10_000, number // 100 % 100, number % 100)
    return _date_from_serial(number)


def _date_from_serial(serial: int) -> dt.date:
    """Excel's day numbers count from 1899-12-30 (which absorbs its fictitious 1900-02-29)."""
    if not 61 <= serial <= EXCEL_MAX_SERIAL:
        raise ValueError("not an Excel date serial")
    return EXCEL_EPOCH + dt.timedelta(days=serial)


# an .xlsx unpacks to about 30 times its size; a sheet of 100,000 members to about 60 MB
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def _archive_check(data: bytes) -> None:
    if archive_too_large(data, max_unpacked=MAX_UNPACKED_BYTES):
        raise SpreadsheetError(
            _("文件解压后超过 %(mb)d MB，无法读取：请确认文件来源，或把数据复制到新建的工作簿中再导入")
            % {"mb": MAX_UNPACKED_BYTES // 1024 // 1024}
        )


_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls (and other old Office files)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _unreadable(data: bytes) -> SpreadsheetError:
    """Why bytes no spreadsheet reader could open are refused, in the person's terms: nothing at all, text (a CSV
    or TXT export — the commonest mistake, in UTF-8 or GBK, with or without a byte-order mark), or anything
    else (a damaged workbook, a renamed program)."""
    if not data.strip():
        return SpreadsheetError(_("文件是空的：请选择填好数据的 Excel 文件"))
    if not data.startswith((ZIP_MAGIC, _OLE_MAGIC)) and _is_text(data[:4096]):
        return SpreadsheetError(
            _(
                "无法读取该文件：这是文本文件（CSV 或 TXT），不是 Excel 工作簿，请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
            )
        )
    return SpreadsheetError(_("无法读取该文件，请上传 .xlsx 或 .xls 格式的 Excel 文件"))


def _is_text(head: bytes) -> bool:
    if head.startswith(_UTF16_BOMS):  # UTF-16 with its byte-order mark (Notepad's "Unicode")
        return True
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not merely a character cut at the end of the sample
                continue
        return True
    return False


def read_rows(source: IO[bytes] | bytes, *, sheet: str | int = 0) -> list[list[Any]]:
    """All rows of one sheet as Python values."""
    data = source if isinstance(source, bytes) else source.read()
    if not data.strip():
        raise _unreadable(data)
    _archive_check(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        found = (
            workbook.get_sheet_by_name(sheet)
            if isinstance(sheet, str)
            else workbook.get_sheet_by_index(sheet)
        )
        return [list(row) for row in found.to_python(skip_empty_area=False)]
    except (CalamineError, ValueError, IndexError) as exc:
        raise _unreadable(data) from exc


def sheet_names(source: bytes) -> list[str]:
    if not source.strip():
        raise _unreadable(source)
    _archive_check(source)
    try:
        return list(CalamineWorkbook.from_filelike(io.BytesIO(source)).sheet_names)
    except (CalamineError, ValueError) as exc:
        raise _unreadable(source) from exc


# ---- formula cells (python-calamine gives only their cached values, which another program may have set to
# anything: what the person sees in Excel is not what would be imported) ----------------------------------------

_SHEET_ENTRY = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"(?P<rid>[^\"]+)\"")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb"\b(?P<name>Id|Target)=\"(?P<value>[^\"]*)\"")
_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?(?:/>|>.*?</(?:\w+:)?c>)", re.DOTALL)
_CELL_REF = re.compile(rb"\br=\"(?P<column>[A-Z]{1,3})(?P<row>\d+)\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
FORMULA_ERRORS_SHOWN = 5


def formula_cells(data: bytes, sheet: int = 0) -> list[tuple[int, int]]:
    """(row 1-based, column 0-based) of every formula cell of the .xlsx sheet at index `sheet` (the order of
    xl/workbook.xml, as calamine counts); [] for a file that is no .xlsx (an .xls) or whose parts are missing."""
    if not data.startswith(ZIP_MAGIC):
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = _sheet_part(archive, sheet)
            xml = archive.read(part) if part else b""
    except (zipfile.BadZipFile, KeyError, ValueError):
        return []
    if not _FORMULA.search(xml):
        return []
    cells = []
    for cell in _CELL.finditer(xml):
        text = cell.group()
        ref = _CELL_REF.search(text[: text.find(b">") + 1])
        if ref and _FORMULA.search(text):
            cells.append((int(ref["row"]), _column_index(ref["column"].decode())))
    return cells


def _sheet_part(archive: zipfile.ZipFile, sheet: int) -> str:
    """The archive path of the sheet at index `sheet`, through xl/workbook.xml and its relationships."""
    ids = [m["rid"] for m in _SHEET_ENTRY.finditer(archive.read("xl/workbook.xml"))]
    if not 0 <= sheet < len(ids):
        return ""
    for relationship in _RELATIONSHIP.finditer(archive.read("xl/_rels/workbook.xml.rels")):
        attributes = {m["name"]: m["value"] for m in _ATTRIBUTE.finditer(relationship.group())}
        if attributes.get(b"Id") == ids[sheet]:
            target = attributes.get(b"Target", b"").decode()
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return ""


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _refuse_formulas(
    data: bytes, header_row: int, mapping: dict[str, int], columns: Sequence[Column]
) -> None:
    """SpreadsheetError naming (row and column) the formula cells below the header in the columns read: a
    formula's stored result is not trusted (=1+1, =HYPERLINK(…), =cmd|… DDE); the person pastes values instead."""
    labels = {c.key: c.label for c in columns}
    read = {position: labels[key] for key, position in mapping.items()}
    found = [(row, read[col]) for row, col in formula_cells(data) if row > header_row and col in read]
    if not found:
        return
    places = "、".join(
        _("第 %(row)d 行“%(column)s”列") % {"row": row, "column": label}
        for row, label in found[:FORMULA_ERRORS_SHOWN]
    )
    more = _("等 %(n)d 处") % {"n": len(found)} if len(found) > FORMULA_ERRORS_SHOWN else ""
    raise SpreadsheetError(
        _("%(places)s%(more)s是公式：请选中这些单元格，复制后“选择性粘贴为数值”，再导入")
        % {"places": places, "more": more}
    )


def locate_columns(rows: Sequence[Sequence[Any]], columns: Sequence[Column]) -> tuple[int, dict[str, int]]:
    """Find the header row (the one among the first rows that names the most columns) and map column keys
    to positions. Raises SpreadsheetError naming the missing required columns."""
    best_index: int = -1
    best_mapping: dict[str, int] = {}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping: dict[str, int] = {}
        for position, value in enumerate(row):
            name = normalize_header(value)
            if not name:
                continue
            for column in columns:
                if name in column.names() and column.key not in mapping:
                    mapping[column.key] = position
                    break
        if len(mapping) > len(best_mapping):
            best_index, best_mapping = index, mapping
    if best_index < 0:
        raise SpreadsheetError(_("没有找到表头行：前 %(n)d 行中没有可识别的列名") % {"n": HEADER_SEARCH_ROWS})
    missing = [c.label for c in columns if c.required and c.key not in best_mapping]
    if missing:
        raise SpreadsheetError(_("缺少必填列：%(cols)s") % {"cols": "、".join(missing)})
    return best_index, best_mapping


def read_records(
    source: IO[bytes] | bytes, columns: Sequence[Column], *, max_rows: int = 200_000
) -> SheetData:
    """Rows below the header as {column key: raw value}, with their Excel row numbers; empty rows skipped. A
    formula cell in a column read refuses the file (SpreadsheetError naming its row and column)."""
    content = source if isinstance(source, bytes) else source.read()
    rows = read_rows(content)
    header_index, mapping = locate_columns(rows, columns)
    _refuse_formulas(content, header_index + 1, mapping, columns)
    body = rows[header_index + 1 :]
    if len(body) > max_rows:
        raise SpreadsheetError(_("文件行数超过上限 %(n)d 行，请拆分后分批导入") % {"n": max_rows})
    data = SheetData(
        header_row=header_index + 1, mapping=mapping, unused=unused_headers(rows[header_index], mapping)
    )
    for offset, row in enumerate(body):
        record = {key: (row[pos] if pos < len(row) else None) for key, pos in mapping.items()}
        if not any(_filled(v) for v in record.values()):
            continue
        data.records.append((header_index + 2 + offset, record))
    return data


def unused_headers(header: Sequence[Any], mapping: dict[str, int]) -> list[str]:
    """The header cells no column was matched to (a misspelt or extra column, a repeated one), as written, in
    file order; blank cells and the error report's own 错误说明 column are left out."""
    used = set(mapping.values())
    unused = []
    for position, value in enumerate(header):
        text = cell_text(value)
        if position in used or not text or normalize_header(text) == ERROR_NOTE_HEADER:
            continue
        unused.append(text)
    return unused


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip()) and bool(_INVISIBLE.sub("", value).strip())
    return True


# ---- writing -------------------------------------------------------------------------------------------


def _write_value(sheet: Any, row: int, col: int, value: Any, formats: dict[str, Any]) -> None:
    if type(value) is str:  # most cells: decided by one type check (the branches below treat it alike)
        if not value:
            sheet.write_blank(row, col, None)
        elif value.startswith(FORMULA_PREFIXES):
            sheet.write_string(row, col, value, formats["quoted"])
        else:
            sheet.write_string(row, col, value)
        return
    if value is None or value == "":
        sheet.write_blank(row, col, None)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "是" if value else "否")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value)
    elif isinstance(value, dt.datetime):
        local = (
            timezone.localtime(value) if timezone.is_aware(value) else value
        )  # the configured zone, not UTC
        sheet.write_datetime(row, col, local.replace(tzinfo=None), formats["datetime"])
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), formats["date"])
    else:
        text = str(value)
        # A text cell ("=1+1" is never evaluated); one that looks like a formula also carries the quote prefix
        # (Excel's leading apostrophe), so editing the cell in Excel or WPS does not turn it into a formula.
        sheet.write_string(row, col, text, formats["quoted"] if starts_like_formula(text) else None)


@dataclass
class SheetSpec:
    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    notes: Sequence[str] = ()


def write_workbook(target: IO[bytes], sheets: Sequence[SheetSpec], *, constant_memory: bool = False) -> int:
    """Write sheets with a bold header row; returns the number of data rows written."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "in_memory": not constant_memory,
            "constant_memory": constant_memory,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "note": workbook.add_format({"italic": True, "font_color": "#666666"}),
        "quoted": workbook.add_format({"quote_prefix": True}),
    }
    written = 0
    for spec in sheets:
        sheet = workbook.add_worksheet(spec.name[:31])
        row_index = 0
        for note in spec.notes:
            sheet.write_string(row_index, 0, note, formats["note"])
            row_index += 1
        for col, header in enumerate(spec.headers):
            sheet.write_string(row_index, col, header, formats["header"])
            width = spec.widths[col] if col < len(spec.widths) else max(10, len(header) * 2 + 2)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(row_index + 1, 0)
        for values in spec.rows:
            row_index += 1
            for col, value in enumerate(values):
                _write_value(sheet, row_index, col, value, formats)
            written += 1
    workbook.close()
    return written


def workbook_bytes(sheets: Sequence[SheetSpec]) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, sheets)
    return buffer.getvalue()


def template_workbook(
    columns: Sequence[Column],
    *,
    title: str,
    example: Sequence[str] = (),
    extra_sheets: Sequence[SheetSpec] = (),
) -> bytes:
    """A downloadable import template with Chinese headers, an example row, a sheet of instructions and the
    importer's reference sheets (e.g. the values a code-list column accepts)."""
    headers = [f"{c.label}*" if c.required else c.label for c in columns]
    rows = [list(example)] if example else []
    instructions = [
        [c.label, "必填" if c.required else "选填", "、".join(c.aliases), c.help] for c in columns
    ]
    return workbook_bytes(
        [
            SheetSpec(name=title, headers=headers, rows=rows),
            SheetSpec(
                name="填写说明",
                headers=["列名", "是否必填", "也可写作", "说明"],
                rows=instructions,
                widths=[16, 10, 30, 60],
                notes=[
                    "列的顺序不限；表头可使用“也可写作”中的名称；带 * 的列必须填写。请删除示例行后再导入。"
                ],
            ),
            *extra_sheets,
        ]
    )


def error_rows_workbook(
    rows: Sequence[Sequence[Any]], header_index: int, errors: Sequence[RowError], *, title: str = "错误行"
) -> bytes:
    """The error report a person can fix and import again: the file's header row and, in file order, each row
    with a problem exactly as uploaded, plus a last column 错误说明 naming every problem of the row (which an
    import ignores); a second sheet lists the problems by original row number."""
    header = list(rows[header_index]) if 0 <= header_index < len(rows) else []
    while header and cell_text(header[-1]) == "":
        header.pop()
    # an earlier report's 错误说明 column is not carried over: the new one replaces it
    kept = [i for i, h in enumerate(header) if normalize_header(h) != ERROR_NOTE_HEADER]
    by_row: dict[int, list[str]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(f"{error.column}：{error.message}")
    body = []
    for number in sorted(by_row):
        index = number - 1
        if index <= header_index or index >= len(rows):
            continue
        row = rows[index]
        values = [row[i] if i < len(row) else None for i in kept]
        body.append([*values, f"原第 {number} 行 · " + "；".join(by_row[number])])
    return workbook_bytes(
        [
            SheetSpec(
                name=title, headers=[*(cell_text(header[i]) for i in kept), ERROR_NOTE_HEADER], rows=body
            ),
            SheetSpec(
                name="问题清单",
                headers=["原行号", "列", "问题"],
                rows=([e.row, e.column, e.message] for e in errors),
                widths=[8, 18, 80],
            ),
        ]
    )
