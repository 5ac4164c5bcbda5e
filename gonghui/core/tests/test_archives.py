"""Zip bombs are refused by what the archive declares, before any reader unpacks it; every xlsx importer reads
through core.excel and is covered so. Times written to a workbook are in the configured zone."""

import datetime as dt
import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from gonghui.core import excel
from gonghui.core.archives import archive_too_large
from gonghui.core.excel import SheetSpec, SpreadsheetError, read_rows, sheet_names, workbook_bytes


def _bomb(unpacked_mb: int) -> bytes:
    """A real workbook with one more part of `unpacked_mb` MB of one letter (deflate packs it a thousandfold)."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([SheetSpec("名册", ["姓名"], [["张三"]])])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for info in source.infolist():
            bomb.writestr(info.filename, source.read(info.filename))
        with bomb.open("xl/media/padding.bin", "w", force_zip64=True) as part:
            chunk = b"X" * (1 << 20)
            for _ in range(unpacked_mb):
                part.write(chunk)
    return out.getvalue()


def test_archive_too_large_reads_the_declared_sizes_and_member_count():
    small = workbook_bytes([SheetSpec("名册", ["姓名"], [["张三"]])])
    assert not archive_too_large(small, max_unpacked=1 << 20)
    assert archive_too_large(small, max_unpacked=100)
    assert archive_too_large(small, max_unpacked=1 << 20, max_members=2)
    assert not archive_too_large(b"PK\x03\x04 damaged", max_unpacked=1)  # the reader reports damage itself
    assert not archive_too_large("姓名\n张三".encode(), max_unpacked=1)


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr(excel, "MAX_UNPACKED_BYTES", 5 * 1024 * 1024)
    bomb = _bomb(8)
    assert len(bomb) < 100_000
    for read in (read_rows, sheet_names):
        with pytest.raises(SpreadsheetError, match="文件解压后超过 5 MB"):
            read(bomb)
    assert read_rows(_bomb(1)) == [["姓名"], ["张三"]]


def test_an_aware_time_is_written_in_the_configured_zone(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    content = workbook_bytes(
        [
            SheetSpec(
                "报告",
                ["时间"],
                [
                    [dt.datetime(2026, 3, 1, 1, 30, tzinfo=dt.UTC)],
                    [dt.datetime.fromisoformat("2026-03-01T08:00")],
                ],
            )
        ]
    )
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert [str(row[0]) for row in rows[1:]] == ["2026-03-01 09:30:00", "2026-03-01 08:00:00"]
