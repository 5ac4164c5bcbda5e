"""Question-bank files that are no question bank, or are one in an unexpected form: empty, a renamed
executable, over the size limit, an .xlsx zip bomb (built here: 1 MB that unpacks to 110 MB), formula cells,
100 columns, GBK / GB18030 text and CSV with or without a byte-order mark. Each is refused with a Chinese
message or parses correctly where the content is a real question bank; through the import page nothing is
written either way before the preview is confirmed."""

import io
import zipfile

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.quizzes.models import Question
from gonghui.quizzes.parsing import QuestionsReadError
from gonghui.quizzes.question_files import MAX_FILE_BYTES, MAX_UNPACKED_BYTES, questions_parse_bytes

HEADER = ["题型", "题干", "选项A", "选项B", "答案"]
ROW = ["单选题", "工会会员享有哪些权利（ ）", "选举权", "缴纳会费", "A"]
QUESTION = {
    "type": "single",
    "stem": "工会会员享有哪些权利（ ）",
    "options": ["选举权", "缴纳会费"],
    "answer": "A",
}
TEXT = "1.2021年修正的《工会法》自何时起施行（ A ）\nA.2022年1月1日\nB.2021年12月24日\n"
TEXT_QUESTION = {
    "type": "single",
    "stem": "2021年修正的《工会法》自何时起施行（ ）",
    "options": ["2022年1月1日", "2021年12月24日"],
    "answer": "A",
}
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)) * 16
GB18030_BOM = b"\x84\x31\x95\x33"
EMPTY = "文件是空的：请选择填好试题的文件"
UNREADABLE_XLSX = "无法读取该 Excel 文件：请确认是 .xlsx 格式且未损坏"
UNREADABLE_DOCX = "无法读取该 Word 文件：请确认是 .docx 格式且未损坏（可在 Word 中另存为 .docx）"
BOMB = f"文件解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，无法导入：请确认文件来源，或把试题复制到新建的文件中再导入"


def xlsx(rows, *, formulas=()):
    """A workbook with one sheet of `rows`; `formulas` are (row, column, formula) cells (0-based)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("题库")
    for index, row in enumerate(rows):
        sheet.write_row(index, 0, row)
    for row, column, formula in formulas:
        sheet.write_formula(row, column, formula)
    workbook.close()
    return buffer.getvalue()


def zip_bomb_xlsx(unpacked_mb: int) -> bytes:
    """A real question workbook whose shared-strings part is padded, inside one stem, with `unpacked_mb` MB of
    one letter: deflate packs it about a thousandfold."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([HEADER, ["单选题", "X", "选举权", "缴纳会费", "A"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "xl/sharedStrings.xml":
                bomb.writestr(info.filename, data)
                continue
            head, tail = data.split(b">X<", 1)
            with bomb.open(info.filename, "w", force_zip64=True) as part:
                part.write(head + b">")
                chunk = b"X" * (1 << 20)
                for _ in range(unpacked_mb):
                    part.write(chunk)
                part.write(b"<" + tail)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb():
    data = zip_bomb_xlsx(MAX_UNPACKED_BYTES // 1024 // 1024 + 10)
    assert len(data) < 2 * 1024 * 1024  # small enough to pass any upload limit
    return data


REFUSED = [
    ("an empty text file", b"", "题库.txt", EMPTY),
    ("a text file of blank lines", b" \r\n\r\n", "题库.txt", EMPTY),
    ("an empty workbook file", b"", "题库.xlsx", EMPTY),
    ("an empty Word file", b"", "题库.docx", EMPTY),
    ("an empty CSV", b"", "题库.csv", EMPTY),
    (
        "an executable named .txt",
        ELF,
        "题库.txt",
        "无法识别文件的文字编码：请把文本文件保存为 UTF-8 或 GB18030（GBK）编码后再导入",
    ),
    ("an executable named .xlsx", PE, "题库.xlsx", UNREADABLE_XLSX),
    ("an executable named .docx", ELF, "题库.docx", UNREADABLE_DOCX),
    ("a zip that is no workbook", b"PK\x03\x04" + b"\x00" * 64, "题库.xlsx", UNREADABLE_XLSX),
    (
        "over the size limit",
        TEXT.encode() * (MAX_FILE_BYTES // len(TEXT.encode()) + 1),
        "题库.txt",
        f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限：请拆分后分批导入",
    ),
    (
        "a formula in the stem column",
        xlsx([HEADER, ROW, ROW[:1] + [None] + ROW[2:]], formulas=[(2, 1, '="工会"&"是什么（ ）"')]),
        "题库.xlsx",
        "第 3 行“题干”列是公式：请选中这些单元格，复制后“选择性粘贴为数值”，再导入",
    ),
    (
        "a formula in the answer column",
        xlsx([HEADER, ROW[:4]], formulas=[(1, 4, '=IF(1,"A","B")')]),
        "题库.xlsx",
        "第 2 行“答案”列是公式：请选中这些单元格，复制后“选择性粘贴为数值”，再导入",
    ),
    (
        "100 columns none of them a question column",
        xlsx([[f"第{n}列" for n in range(100)], ["x"] * 100]),
        "题库.xlsx",
        "没有找到题目表：需要一个表头含“题干”（或“题目”“试题”）列的工作表",
    ),
    (
        "a CSV without a question header",
        "姓名,单位\n张三,一中\n".encode(),
        "题库.csv",
        "没有找到题目表头：CSV 文件的前几行中应有“题干”（或“题目”“试题”）列和“答案”列",
    ),
    (
        "text without any question",
        "2024年工会知识竞赛\n考生须知：请在60分钟内完成。\n".encode("gbk"),
        "题库.txt",
        "文件中没有找到试题：请对照页面上的格式示例整理后再导入",
    ),
]


@pytest.mark.parametrize(("_case", "data", "filename", "message"), REFUSED)
def test_hostile_files_are_refused_with_a_chinese_message(_case, data, filename, message):
    with pytest.raises(QuestionsReadError) as refused:
        questions_parse_bytes(data, filename)
    assert str(refused.value) == message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(bomb):
    with pytest.raises(QuestionsReadError) as refused:
        questions_parse_bytes(bomb, "题库.xlsx")
    assert str(refused.value) == BOMB


PARSED = [
    ("GBK text", TEXT.encode("gbk"), "题库.txt", TEXT_QUESTION),
    (
        "GB18030 text with its byte-order mark",
        GB18030_BOM + TEXT.encode("gb18030"),
        "题库.txt",
        TEXT_QUESTION,
    ),
    ("UTF-8 text with a byte-order mark", "\ufeff".encode() + TEXT.encode(), "题库.txt", TEXT_QUESTION),
    (
        "UTF-8 CSV with a byte-order mark (Excel's 另存为 CSV UTF-8)",
        "\ufeff".encode() + (",".join(HEADER) + "\r\n" + ",".join(ROW) + "\r\n").encode(),
        "题库.csv",
        QUESTION,
    ),
    (
        "GBK CSV (Excel's 另存为 CSV on a Chinese Windows), tab separated",
        ("\t".join(HEADER) + "\r\n" + "\t".join(ROW) + "\r\n").encode("gbk"),
        "题库.csv",
        QUESTION,
    ),
    (
        "text that starts like a formula is text",
        xlsx([HEADER, ["单选题", "=工会会员享有哪些权利（ ）", "选举权", "缴纳会费", "A"]]),
        "题库.xlsx",
        QUESTION | {"stem": "=工会会员享有哪些权利（ ）"},
    ),
    (
        "a formula in a column the import does not read",
        xlsx([[*HEADER, "备注"], ROW], formulas=[(1, 5, "=1+1")]),
        "题库.xlsx",
        QUESTION,
    ),
    (
        "100 columns, the question columns among them",
        xlsx([[*(f"第{n}列" for n in range(95)), *HEADER], [*(["x"] * 95), *ROW]]),
        "题库.xlsx",
        QUESTION,
    ),
]


@pytest.mark.parametrize(("_case", "data", "filename", "question"), PARSED)
def test_legitimate_files_in_unexpected_forms_parse(_case, data, filename, question):
    assert questions_parse_bytes(data, filename).as_json() == {"questions": [question], "problems": []}


# ---- through the import page: a Chinese error on the file field, nothing written -----------------------------


@pytest.mark.parametrize(
    ("_case", "data", "filename", "message"),
    [case for case in REFUSED if case[0] != "over the size limit"],
)
def test_the_import_page_shows_the_message_and_writes_nothing(quiz, _case, data, filename, message):
    # given
    client = Client()
    client.force_login(quiz.world.org_admin)
    before = list(Question.objects.values_list("pk", flat=True))
    # when
    response = client.post(
        reverse("quizzes:bank_import", args=[quiz.bank.pk]), {"file": SimpleUploadedFile(filename, data)}
    )
    # then
    assert response.status_code == 200
    # an empty upload is refused by the form itself, in Django's words
    assert response.context["form"].errors["file"] == [message if data else "所提交的是空文件。"]
    assert list(Question.objects.values_list("pk", flat=True)) == before


def test_the_import_page_refuses_a_zip_bomb_and_an_oversized_file_and_writes_nothing(quiz, bomb):
    client = Client()
    client.force_login(quiz.world.org_admin)
    url = reverse("quizzes:bank_import", args=[quiz.bank.pk])
    before = list(Question.objects.values_list("pk", flat=True))
    response = client.post(url, {"file": SimpleUploadedFile("题库.xlsx", bomb)})
    assert response.context["form"].errors["file"] == [BOMB]
    oversized = SimpleUploadedFile("题库.txt", b"1" * (MAX_FILE_BYTES + 1))
    response = client.post(url, {"file": oversized})
    assert "10" in response.context["form"].errors["file"][0]
    assert "MB" in response.context["form"].errors["file"][0]
    assert list(Question.objects.values_list("pk", flat=True)) == before
