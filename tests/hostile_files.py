"""Hostile upload files for importer tests (issue 13 item 19), as bytes: what a person may pick by mistake or an
attacker on purpose. Every function returns the file's content; name the upload in the test.

    empty()                          0 bytes
    renamed_executable("pe"|"elf")   a Windows (MZ) or Linux (ELF) executable, to be named .xlsx / .pdf / .jpg
    oversize(n_bytes)                n bytes of text (use limit + 1)
    zip_bomb_xlsx(unpacked_mb)       a real one-row workbook padded to unpack to `unpacked_mb` MB (~1 KB per MB)
    formula_xlsx(headers, rows)      a workbook whose cells starting with "=" are formulas (=1+1, =HYPERLINK(…),
                                     =cmd|' /C calc'!A0); the cached value a reader sees is 0
    xlsx(headers, rows)              a plain workbook (every value a text or number cell, nothing a formula)
    gbk_csv(rows, bom=False)         comma-separated text in GBK (GB18030 with its own BOM when bom=True)
    utf8_csv(rows, bom=True)         the same in UTF-8 (Excel's "CSV UTF-8" carries a BOM)
    wide_xlsx(columns=100, headers=(), rows=())
                                     a workbook `columns` wide: the given headers first, then 第N列 fillers

Nothing here touches the database; the builders are deterministic so a failing case can be reproduced."""

import functools
import io
import zipfile
from collections.abc import Sequence
from typing import Any

import xlsxwriter

GB18030_BOM = b"\x84\x31\x95\x33"
UTF8_BOM = b"\xef\xbb\xbf"
_EXECUTABLES = {
    "pe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 16,
    "elf": b"\x7fELF\x02\x01\x01\x00" + bytes(8) + bytes(range(256)) * 16,
}
FORMULAS = ("=1+1", '=HYPERLINK("http://example.invalid/","点击领取")', "=cmd|' /C calc'!A0")


def empty() -> bytes:
    return b""


def renamed_executable(kind: str = "pe") -> bytes:
    """The start of a real executable: "pe" (MZ, Windows) or "elf" (Linux)."""
    return _EXECUTABLES[kind]


def oversize(n_bytes: int) -> bytes:
    """`n_bytes` bytes of plain ASCII text (no file type at all): pass the limit + 1."""
    line = b"0123456789abcdef" * 4 + b"\n"
    return (line * (n_bytes // len(line) + 1))[:n_bytes]


def _workbook(rows: Sequence[Sequence[Any]], *, formulas: bool) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet("Sheet1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if formulas and isinstance(value, str) and value.startswith("="):
                sheet.write_formula(r, c, value)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    workbook.close()
    return buffer.getvalue()


def xlsx(headers: Sequence[Any], rows: Sequence[Sequence[Any]] = ()) -> bytes:
    """A plain workbook: the header row, then `rows`; a string starting with "=" is a text cell here."""
    return _workbook([list(headers), *rows], formulas=False)


def formula_xlsx(headers: Sequence[Any], rows: Sequence[Sequence[Any]]) -> bytes:
    """A workbook whose body cells starting with "=" are real formula cells (see FORMULAS for hostile ones)."""
    return _workbook([list(headers), *rows], formulas=True)


def wide_xlsx(columns: int = 100, headers: Sequence[Any] = (), rows: Sequence[Sequence[Any]] = ()) -> bytes:
    """A workbook `columns` wide: `headers` first then filler headers 第N列; each row padded with "x"."""
    filler = [f"第{n}列" for n in range(len(headers) + 1, columns + 1)]
    body = [[*row, *(["x"] * (columns - len(row)))] for row in rows]
    return xlsx([*headers, *filler], body)


def _csv(rows: Sequence[Sequence[Any]]) -> str:
    return "".join(",".join("" if v is None else str(v) for v in row) + "\r\n" for row in rows)


def gbk_csv(rows: Sequence[Sequence[Any]], bom: bool = False) -> bytes:
    """Comma-separated rows as Excel's 另存为 CSV writes them on a Chinese Windows (GBK); with bom=True, GB18030
    with its byte-order mark."""
    text = _csv(rows)
    return GB18030_BOM + text.encode("gb18030") if bom else text.encode("gbk")


def utf8_csv(rows: Sequence[Sequence[Any]], bom: bool = True) -> bytes:
    return (UTF8_BOM if bom else b"") + _csv(rows).encode()


@functools.cache
def zip_bomb_xlsx(unpacked_mb: int = 210) -> bytes:
    """A real one-row workbook (header 姓名, row 张三) with one more part of `unpacked_mb` MB of one letter:
    X — under
    every upload limit. Cached: building it costs about a second."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(["姓名"], [["张三"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            bomb.writestr(info.filename, source.read(info.filename))
        with bomb.open("xl/media/padding.bin", "w", force_zip64=True) as part:
            chunk = b"X" * (1 << 20)
            for _ in range(unpacked_mb):
                part.write(chunk)
    return out.getvalue()
