"""Exported text that starts like a formula is written with the quote prefix (Excel's leading apostrophe), which
survives editing the cell in Excel or WPS. Read back from the file's XML: the cell's style has quotePrefix="1"."""

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from gonghui.core.excel import RowError, SheetSpec, error_rows_workbook, write_workbook

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
DANGEROUS = ["=1+1", "+8613800000000", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd"]
ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
GONGHUI = Path(__file__).resolve().parents[2]


def cells(content: bytes, sheet: int = 1) -> dict[str, tuple[str, bool]]:
    """{cell ref: (text, has quote prefix)} of the text cells of one worksheet."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))  # noqa: S314 - a file we just wrote
        quoted = [xf.get("quotePrefix") == "1" for xf in styles.findall("m:cellXfs/m:xf", NS)]
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            table = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))  # noqa: S314
            shared = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in table]
        root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{sheet}.xml"))  # noqa: S314
    found: dict[str, tuple[str, bool]] = {}
    for cell in root.iter(f"{{{NS['m']}}}c"):
        kind = cell.get("t")
        if kind == "s":
            text = shared[int(cell.findtext("m:v", "0", NS))]
        elif kind in ("inlineStr", "str"):
            text = "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
        else:
            continue
        text = ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)  # OOXML writes "\r" as _x000D_
        found[cell.get("r", "")] = (text, quoted[int(cell.get("s", "0"))])
    return found


@pytest.mark.parametrize("constant_memory", [False, True], ids=["direct export", "export job"])
def test_text_that_starts_like_a_formula_carries_the_quote_prefix(constant_memory):
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        [SheetSpec("名册", ["备注"], [[text] for text in [*DANGEROUS, "张三", "13800000000"]])],
        constant_memory=constant_memory,
    )
    written = cells(buffer.getvalue())
    rows = [written[f"A{n}"] for n in range(2, 2 + len(DANGEROUS) + 2)]
    assert rows == [*((text, True) for text in DANGEROUS), ("张三", False), ("13800000000", False)]
    assert written["A1"] == ("备注", False)


def test_the_import_error_report_quotes_echoed_cells_too():
    rows = [["姓名", "备注"], ['=HYPERLINK("http://x")', "@SUM(A1)"]]
    content = error_rows_workbook(rows, 0, [RowError(row=2, column="姓名", message='=HYPERLINK("http://x")')])
    written = cells(content)
    assert (written["A2"], written["B2"]) == (('=HYPERLINK("http://x")', True), ("@SUM(A1)", True))
    assert cells(content, sheet=2)["C2"] == ('=HYPERLINK("http://x")', True)


def test_every_workbook_is_written_by_core_excel():
    """The quote prefix is applied in one place, so every exporter must write through core.excel."""
    writers = re.compile(r"^\s*(?:import|from)\s+(?:xlsxwriter|openpyxl)\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(GONGHUI))
        for path in GONGHUI.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "excel.py"
        and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
