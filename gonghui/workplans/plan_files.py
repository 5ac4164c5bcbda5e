"""Pass 1 of the 工作要点 parser: the bytes of a file → its paragraphs (`read_paragraphs`: UTF-8/GB18030/UTF-16
text, or .docx paragraphs, Word list numbers and table rows in document order). `WorkplanReadError` (with a
Chinese message) means the file could not be read at all (.doc, bad encoding, no text, over MAX_FILE_BYTES, a
.docx that would unpack to over MAX_UNPACKED_BYTES...)."""

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError  # type: ignore[import-untyped]

from gonghui.core.archives import archive_too_large

from .numerals import int_to_cn


class WorkplanReadError(Exception):
    """The file could not be read as a work plan; the message is shown to the user."""


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls: the old binary Office formats
MAX_FILE_BYTES = 5 * 1024 * 1024  # as the upload form's limit
# a .docx is a zip archive read whole into memory: what it unpacks to is bounded too (a 30-page plan with
# pictures unpacks to a few MB; a "zip bomb" of 1 MB unpacks to a thousand times that)
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NEEDS_DOCX = "请在 Word 或 WPS 中“另存为” .docx 格式后再导入"


def read_paragraphs(data: bytes, filename: str) -> list[str]:
    suffix = Path(filename).suffix.lower()
    if len(data) > MAX_FILE_BYTES:
        raise WorkplanReadError(
            f"无法读取文件 {filename}：文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限，请删去图片等内容后再导入"
        )
    if data.startswith(_OLE_MAGIC) and suffix == ".docx":
        raise WorkplanReadError(f"无法读取文件 {filename}：文件设置了打开密码，请取消密码后再导入")
    if data.startswith(_OLE_MAGIC) or suffix in {".doc", ".wps"}:
        raise WorkplanReadError(f"无法读取文件 {filename}：不支持旧版 Word 文档（.doc），{_NEEDS_DOCX}")
    if data.startswith(b"%PDF") or suffix == ".pdf":
        raise WorkplanReadError(f"无法读取文件 {filename}：不支持 PDF，请上传 .txt 或 .docx 文件")
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        lines = _docx_lines(data, filename)
    else:
        lines = _decode_text(data, filename).splitlines()
    paragraphs = [tidy(line) for line in lines]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise WorkplanReadError(f"无法读取文件 {filename}：文件中没有文字")
    return paragraphs


def tidy(line: str) -> str:
    """Without byte-order marks and zero-width spaces, and stripped of spaces (incl. the full-width 　)."""
    return line.replace("\ufeff", "").replace("\u200b", "").strip()


def _decode_text(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text):
            return text
    raise WorkplanReadError(
        f"无法读取文件 {filename}：无法识别文字编码，请保存为 UTF-8 或 GB18030 编码的 .txt 文件，或 .docx 文件"
    )


def _archive_check(data: bytes, filename: str) -> None:
    """A .docx that would unpack to more than MAX_UNPACKED_BYTES is refused before python-docx opens it."""
    if archive_too_large(data, max_unpacked=MAX_UNPACKED_BYTES):
        raise WorkplanReadError(
            f"无法读取文件 {filename}：文件解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，"
            "请确认文件来源，或把正文复制到新建的 Word 文档中再导入"
        )


def _docx_lines(data: bytes, filename: str) -> list[str]:
    _archive_check(data, filename)
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError):
        raise WorkplanReadError(f"无法读取文件 {filename}：不是有效的 .docx 文件，{_NEEDS_DOCX}") from None
    numbering = _WordNumbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.extend((numbering.marker(block) + block.text).split("\n"))
    return lines


_W_VAL = qn("w:val")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class _ListLevel:
    format: str  # w:numFmt: decimal, chineseCounting, decimalEnclosedCircle, bullet …
    text: str  # w:lvlText: "（%1）", "%1.", "●"
    start: int


class _WordNumbering:
    """Word's automatic list numbers（（一）, 1., ①, bullets), which are not part of `paragraph.text`: each
    numbered paragraph gets its marker rendered from the numbering definitions, counting as Word does."""

    def __init__(self, document: DocxDocument) -> None:
        self._levels: dict[tuple[str, int], _ListLevel] = {}
        self._counts: dict[str, list[int]] = {}
        try:
            numbering_part: Any = document.part.part_related_by(RT.NUMBERING)
        except KeyError:
            return
        numbering = numbering_part.element
        abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            abstract = abstracts.get(ref.get(_W_VAL)) if ref is not None else None
            for lvl in abstract.findall(qn("w:lvl")) if abstract is not None else []:
                level = _ListLevel(
                    _child_val(lvl, "w:numFmt", "decimal"),
                    _child_val(lvl, "w:lvlText", ""),
                    _int(_child_val(lvl, "w:start", "1"), 1),
                )
                self._levels[(str(num.get(qn("w:numId"))), _level_index(lvl.get(qn("w:ilvl"), "0")))] = level

    def marker(self, paragraph: Paragraph) -> str:
        num_pr = _num_pr(paragraph)
        if num_pr is None or num_pr not in self._levels:
            return ""
        num_id, ilvl = num_pr
        counts = self._counts.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        counts[ilvl + 1 :] = [0] * (len(counts) - ilvl - 1)

        def value(match: re.Match[str]) -> str:
            level_index = int(match[1]) - 1
            level = self._levels.get((num_id, level_index))
            return _list_number(level, level.start + max(counts[level_index], 1) - 1) if level else ""

        level = self._levels[num_pr]
        if level.format == "bullet":
            return "●"  # whatever symbol-font character Word shows
        return re.sub(r"%([1-9])", value, level.text)


def _child_val(element: Any, tag: str, default: str) -> str:
    child = element.find(qn(tag))
    return str(child.get(_W_VAL, default)) if child is not None else default


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """(numId, ilvl) of the paragraph's own numbering or else its style's; numId 0 means "not numbered"."""
    for owner in (paragraph._p, paragraph.style.element if paragraph.style is not None else None):
        num_pr = owner.find(f"{qn('w:pPr')}/{qn('w:numPr')}") if owner is not None else None
        if num_pr is not None:
            num_id = _child_val(num_pr, "w:numId", "0")
            return (num_id, _level_index(_child_val(num_pr, "w:ilvl", "0"))) if num_id != "0" else None
    return None


def _int(text: str, default: int) -> int:
    return int(text) if text.isascii() and text.isdigit() else default


def _level_index(text: str) -> int:
    """w:ilvl, 0–8 in Word; anything else counts as the first level."""
    index = _int(text, 0)
    return index if 0 <= index <= 8 else 0


def _list_number(level: _ListLevel, n: int) -> str:
    if level.format.startswith(("chineseCounting", "japaneseCounting", "ideographDigital")) and 1 <= n <= 99:
        return int_to_cn(n)
    if level.format.startswith("decimalEnclosedCircle") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if level.format == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return "" if level.format == "none" else str(n)


def _table_lines(table: Table) -> Iterator[str]:
    """One line per row: "3月｜召开全委会" reads as "3月：召开全委会" (merged cells counted once)."""
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(tidy(t) for t in cell.text.split("\n") if tidy(t))
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            yield "：".join([cells[0], "；".join(cells[1:])]) if len(cells) > 1 else cells[0]
