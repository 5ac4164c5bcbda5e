"""Attachments against hostile files (issue 13 item 19): empty files, renamed executables (MZ / ELF named .pdf,
.jpg, .xlsx, .docx, .txt), files over the policy's size, an xlsx zip bomb, a bare zip named .xlsx — each refused
on the field 'file' in Chinese, with no Attachment row and no stored file. An attachment is kept, never read, so
a workbook with formula cells or 100 columns is stored byte for byte, and text in GBK, GB18030 (with its BOM),
UTF-8 with a BOM or UTF-16 is accepted — also when the sniffed sample ends inside a character."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import DEFAULT_POLICY, IMAGE_POLICY, MAX_UNPACKED_BYTES, SNIFF_BYTES
from gonghui.attachments.services import attachment_save
from tests import hostile_files as hostile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64
MISMATCH = "文件内容与扩展名 .{} 不符，请检查文件"
NOTICE = "关于开展2026年度会员普惠活动的通知\r\n各基层工会：\r\n"


def _bare_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("setup.exe", hostile.renamed_executable())
    return buffer.getvalue()


def _stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "attachments"
    return sorted(str(Path(d) / f) for d, _dirs, files in os.walk(root) for f in files)


@pytest.fixture
def nothing_stored():
    rows, files = Attachment.objects.count(), _stored_files()
    yield
    assert (Attachment.objects.count(), _stored_files()) == (rows, files)


def _save(world, name: str, content: bytes, policy=DEFAULT_POLICY) -> Attachment:
    return attachment_save(
        owner=world.org_a,
        org=world.org_a,
        upload=SimpleUploadedFile(name, content),
        actor=world.org_admin,
        policy=policy,
    )


REFUSED = [
    ("an empty pdf", "批复.pdf", hostile.empty(), DEFAULT_POLICY, "文件是空的"),
    ("an empty photo", "照片.jpg", hostile.empty(), IMAGE_POLICY, "文件是空的"),
    ("an empty workbook", "名单.xlsx", hostile.empty(), DEFAULT_POLICY, "文件是空的"),
    (
        "a Windows program named .pdf",
        "批复.pdf",
        hostile.renamed_executable("pe"),
        DEFAULT_POLICY,
        MISMATCH.format("pdf"),
    ),
    (
        "a Linux program named .pdf",
        "批复.pdf",
        hostile.renamed_executable("elf"),
        DEFAULT_POLICY,
        MISMATCH.format("pdf"),
    ),
    (
        "a Windows program named .jpg",
        "照片.jpg",
        hostile.renamed_executable("pe"),
        IMAGE_POLICY,
        MISMATCH.format("jpg"),
    ),
    (
        "a Linux program named .jpg",
        "照片.jpg",
        hostile.renamed_executable("elf"),
        IMAGE_POLICY,
        MISMATCH.format("jpg"),
    ),
    (
        "a program named .xlsx",
        "名单.xlsx",
        hostile.renamed_executable("pe"),
        DEFAULT_POLICY,
        MISMATCH.format("xlsx"),
    ),
    (
        "a program named .docx",
        "通知.docx",
        hostile.renamed_executable("elf"),
        DEFAULT_POLICY,
        MISMATCH.format("docx"),
    ),
    (
        "a program named .txt",
        "说明.txt",
        hostile.renamed_executable("pe"),
        DEFAULT_POLICY,
        MISMATCH.format("txt"),
    ),
    (
        "a program by its name",
        "setup.exe",
        hostile.renamed_executable("pe"),
        DEFAULT_POLICY,
        "不支持该文件类型",
    ),
    (
        "a CSV named .pdf",
        "批复.pdf",
        hostile.gbk_csv([["姓名"], ["张三"]]),
        DEFAULT_POLICY,
        MISMATCH.format("pdf"),
    ),
    (
        "a bare zip of a program named .xlsx",
        "名单.xlsx",
        _bare_zip(),
        DEFAULT_POLICY,
        MISMATCH.format("xlsx"),
    ),
    (
        "over 20 MB",
        "说明.txt",
        hostile.oversize(DEFAULT_POLICY.max_bytes + 1),
        DEFAULT_POLICY,
        "文件超过 20 MB 的上限",
    ),
    (
        "a photo over 10 MB",
        "照片.jpg",
        JPG + hostile.oversize(IMAGE_POLICY.max_bytes),
        IMAGE_POLICY,
        "文件超过 10 MB 的上限",
    ),
]


@pytest.mark.parametrize(("_case", "name", "content", "policy", "message"), REFUSED)
def test_a_hostile_upload_is_refused_on_the_file_field_and_nothing_is_stored(
    world, nothing_stored, _case, name, content, policy, message
):
    with pytest.raises(ValidationError) as refused:
        _save(world, name, content, policy)
    [error] = refused.value.message_dict["file"]
    assert error.startswith(message)
    assert list(refused.value.message_dict) == ["file"]


def test_an_xlsx_zip_bomb_is_refused_before_it_is_stored(world, nothing_stored):
    with pytest.raises(ValidationError) as refused:
        _save(world, "名单.xlsx", hostile.zip_bomb_xlsx())
    assert refused.value.message_dict == {
        "file": [
            f"文件解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，不能作为附件上传："
            "请确认文件来源，或压缩图片后重新保存"
        ]
    }


def _cut_gbk_text() -> bytes:
    """GBK text whose SNIFF_BYTES-th byte is the first half of a two-byte character."""
    text = ("a" + NOTICE * 200).encode("gbk")
    assert len(text) > SNIFF_BYTES + 10
    cut = text[SNIFF_BYTES - 1 : SNIFF_BYTES + 1]
    assert cut.decode("gbk")  # one character across the boundary
    return text


ACCEPTED = [
    (
        "formula cells (an attachment is stored, never read)",
        "名单.xlsx",
        hostile.formula_xlsx(
            ["姓名", "备注"], [[f"张{n}", formula] for n, formula in enumerate(hostile.FORMULAS)]
        ),
    ),
    ("100 columns", "汇总.xlsx", hostile.wide_xlsx(100, ["姓名"], [["张三"]])),
    ("GBK text", "通知.txt", NOTICE.encode("gbk")),
    ("GB18030 text with its BOM", "通知.txt", hostile.GB18030_BOM + NOTICE.encode("gb18030")),
    ("UTF-8 text with a BOM", "通知.txt", hostile.UTF8_BOM + NOTICE.encode()),
    ("UTF-16 text with its BOM (Notepad's 'Unicode')", "通知.txt", NOTICE.encode("utf-16")),
    ("GBK text whose sample ends inside a character", "通知.txt", _cut_gbk_text()),
    (
        "UTF-8 text whose sample ends inside a character",
        "通知.txt",
        ("a" + NOTICE * 200).encode()[: SNIFF_BYTES * 2],
    ),
    ("a pdf", "批复.pdf", PDF),
]


@pytest.mark.parametrize(("_case", "name", "content"), ACCEPTED)
def test_files_in_unexpected_but_harmless_forms_are_stored_as_uploaded(world, _case, name, content):
    attachment = _save(world, name, content)
    with attachment.file.open("rb") as handle:
        assert handle.read() == content
    assert Attachment.objects.count() == 1
