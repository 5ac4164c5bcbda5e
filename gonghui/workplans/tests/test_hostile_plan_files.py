"""Work-plan files that are no work plan, or are one in an unexpected form: empty, a renamed executable or
workbook, over the size limit, a .docx zip bomb (built here: a small file that unpacks to 60 MB), a table of
100 columns, GBK / GB18030 / UTF-16 text with or without a byte-order mark. Each is refused with a Chinese
message or parses correctly where the content is a real plan; through the import page nothing is written."""

import io
import zipfile

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from gonghui.workplans.models import WorkPlan
from gonghui.workplans.parsing import workplan_parse_bytes
from gonghui.workplans.plan_files import MAX_FILE_BYTES, MAX_UNPACKED_BYTES, WorkplanReadError
from gonghui.workplans.views import SESSION_IMPORT

PLAN = "某工会2025年工作要点\n一、服务大局\n（一）开展劳动竞赛。\n组织技能比武。\n"
SECTION = {
    "title": "服务大局",
    "items": [{"number": "（一）", "text": "开展劳动竞赛。", "activities": ["组织技能比武。"]}],
}
EXPECTED = {
    "title": "某工会2025年工作要点",
    "doc_number": None,
    "issuer": "某工会",
    "date": None,
    "sections": [SECTION],
}
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)) * 16
NOT_DOCX = "不是有效的 .docx 文件，请在 Word 或 WPS 中“另存为” .docx 格式后再导入"


def plan_docx(table_rows=()) -> bytes:
    """PLAN as a .docx, with a table of `table_rows` after it."""
    document = Document()
    for line in PLAN.splitlines():
        document.add_paragraph(line)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx(unpacked_mb: int) -> bytes:
    """PLAN as a .docx whose document part carries `unpacked_mb` MB of spaces before its end: deflate packs them
    about a thousandfold."""
    source = zipfile.ZipFile(io.BytesIO(plan_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "word/document.xml":
                bomb.writestr(info.filename, data)
                continue
            head, tail = data.rsplit(b"</w:document>", 1)
            with bomb.open(info.filename, "w", force_zip64=True) as part:
                part.write(head)
                chunk = b" " * (1 << 20)
                for _ in range(unpacked_mb):
                    part.write(chunk)
                part.write(b"</w:document>" + tail)
    return out.getvalue()


def workbook_with_a_formula() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("工作要点")
    sheet.write_row(0, 0, ["条目", "内容"])
    sheet.write_formula(1, 1, '="开展"&"劳动竞赛"')
    workbook.close()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb():
    data = zip_bomb_docx(MAX_UNPACKED_BYTES // 1024 // 1024 + 10)
    assert len(data) < MAX_FILE_BYTES // 10  # small enough to pass the upload limit many times over
    return data


# (case, bytes, file name, the parser's message, the import page's message when its form refuses first)
REFUSED = [
    ("an empty text file", b"", "要点.txt", "文件中没有文字", "所提交的是空文件。"),
    ("a text file of blank lines", "\r\n　\r\n".encode(), "要点.txt", "文件中没有文字", None),
    ("an empty Word file", b"", "要点.docx", NOT_DOCX, "所提交的是空文件。"),
    (
        "an executable named .txt",
        ELF,
        "要点.txt",
        "无法识别文字编码，请保存为 UTF-8 或 GB18030 编码的 .txt 文件，或 .docx 文件",
        None,
    ),
    ("an executable named .docx", PE, "要点.docx", NOT_DOCX, None),
    ("a workbook with formula cells named .docx", workbook_with_a_formula(), "要点.docx", NOT_DOCX, None),
    (
        "over the size limit",
        PLAN.encode() * (MAX_FILE_BYTES // len(PLAN.encode()) + 1),
        "要点.txt",
        f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限，请删去图片等内容后再导入",
        "文件超过 5 MB 的上限",
    ),
]


@pytest.mark.parametrize(("_case", "data", "filename", "message", "_form_message"), REFUSED)
def test_hostile_files_are_refused_with_a_chinese_message(_case, data, filename, message, _form_message):
    with pytest.raises(WorkplanReadError) as refused:
        workplan_parse_bytes(data, filename)
    assert str(refused.value) == f"无法读取文件 {filename}：{message}"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(bomb):
    with pytest.raises(WorkplanReadError) as refused:
        workplan_parse_bytes(bomb, "要点.docx")
    assert str(refused.value) == (
        f"无法读取文件 要点.docx：文件解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，"
        "请确认文件来源，或把正文复制到新建的 Word 文档中再导入"
    )


@pytest.mark.parametrize(
    ("_case", "data", "filename"),
    [
        ("GBK text", PLAN.encode("gbk"), "要点.txt"),
        ("GB18030 text with its byte-order mark", b"\x84\x31\x95\x33" + PLAN.encode("gb18030"), "要点.txt"),
        ("UTF-8 text with a byte-order mark", "\ufeff".encode() + PLAN.encode(), "要点.txt"),
        ("UTF-16 text with a byte-order mark (Notepad's Unicode)", PLAN.encode("utf-16"), "要点.txt"),
        ("Windows line ends", PLAN.replace("\n", "\r\n").encode("gb18030"), "要点.txt"),
    ],
)
def test_legitimate_text_in_other_encodings_parses(_case, data, filename):
    assert workplan_parse_bytes(data, filename).as_json() == EXPECTED


def test_a_table_of_100_columns_reads_as_one_line_per_row():
    # given: a schedule table of 100 columns, most of them empty
    data = plan_docx([["3月", "召开全委会", *([""] * 98)], ["4月", *([""] * 98), "开展劳动竞赛"]])
    # when
    plan = workplan_parse_bytes(data, "要点.docx").as_json()
    # then: the plan before it is intact and each month row, read to its 100th cell, is a schedule item
    assert plan["sections"][0] == SECTION
    assert plan["sections"][1] == {
        "title": "月度工作安排",
        "items": [
            {"number": "3月", "text": "召开全委会", "activities": []},
            {"number": "4月", "text": "开展劳动竞赛", "activities": []},
        ],
    }


# ---- through the import page: a Chinese error on the file field, nothing written -----------------------------


@pytest.mark.parametrize(("_case", "data", "filename", "message", "form_message"), REFUSED)
def test_the_import_page_shows_the_message_and_writes_nothing(
    client, officers, _case, data, filename, message, form_message
):
    # given
    client.force_login(officers.org_admin)
    # when
    response = client.post(
        reverse("workplans:plan_import"),
        {"org": officers.org_a.pk, "file": SimpleUploadedFile(filename, data)},
    )
    # then
    assert response.status_code == 200
    expected = form_message or f"无法读取文件 {filename}：{message}"
    assert response.context["form"].errors["file"] == [expected]
    assert WorkPlan.objects.count() == 0
    assert SESSION_IMPORT not in client.session


def test_the_import_page_refuses_a_zip_bomb_and_writes_nothing(client, officers, bomb):
    client.force_login(officers.org_admin)
    response = client.post(
        reverse("workplans:plan_import"),
        {"org": officers.org_a.pk, "file": SimpleUploadedFile("要点.docx", bomb)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith("无法读取文件 要点.docx：文件解压后超过")
    assert WorkPlan.objects.count() == 0
