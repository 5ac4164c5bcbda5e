"""Reading the file kinds: .txt in UTF-8 / GB18030 / UTF-16, .docx (typed and automatic numbering, tables),
.xlsx (columns by header name and alias, instruction sheets ignored), and the files that cannot be read."""

import io
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from gonghui.quizzes.parsing import QuestionsReadError
from gonghui.quizzes.question_files import questions_parse_bytes, questions_parse_file

DATA = Path(__file__).parent / "data"

MIXED_EXPECTED = {
    "questions": [
        {
            "type": "single",
            "stem": "根据《中华人民共和国工会法》，工会是中国共产党领导的职工自愿结合的（ ）。",
            "options": ["群众组织", "社会团体", "工人阶级群众组织", "行业协会"],
            "answer": "C",
        },
        {
            "type": "single",
            "stem": "用人单位自用工之日起即与劳动者建立（ ）。",
            "options": ["劳务关系", "劳动关系", "雇佣关系", "合作关系"],
            "answer": "B",
        },
        {
            "type": "multiple",
            "stem": "工会的基本职责包括（ ）",
            "options": ["维护职工合法权益", "竭诚服务职工群众", "组织职工参与民主管理"],
            "answer": "ABC",
        },
        {
            "type": "judge",
            "stem": "劳动合同期限三个月以上不满一年的，试用期不得超过一个月。（ ）",
            "options": [],
            "answer": "true",
        },
        {"type": "judge", "stem": "工会经费可以用于支付职工个人消费。", "options": [], "answer": "false"},
    ],
    "problems": [{"index": 6, "message": "未找到答案"}],
}


def _docx(paragraphs: list[str]) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets:
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def test_fixture_file_in_utf8_and_the_same_file_in_gb18030_parse_alike():
    text = (DATA / "mixed_layouts.txt").read_text(encoding="utf-8")
    assert questions_parse_file(DATA / "mixed_layouts.txt").as_json() == MIXED_EXPECTED
    assert questions_parse_bytes(text.encode("gb18030"), "题库.TXT").as_json() == MIXED_EXPECTED
    assert questions_parse_bytes(text.encode("utf-8-sig"), "题库.txt").as_json() == MIXED_EXPECTED
    assert questions_parse_bytes(text.encode("utf-16"), "题库.txt").as_json() == MIXED_EXPECTED
    assert (
        questions_parse_bytes(text.replace("\n", "\r\n").encode("gb18030"), "题库.txt").as_json()
        == MIXED_EXPECTED
    )


def test_gb18030_characters_outside_gbk_survive():
    # 𠀀-range characters and the rare 䶮 only exist in GB18030, not GBK
    text = "1. 职工䶮某的姓氏用字是否属于GB18030收录的汉字？\n答案：对\n"
    result = questions_parse_bytes(text.encode("gb18030"), "q.txt")
    assert result.questions[0].stem == "职工䶮某的姓氏用字是否属于GB18030收录的汉字？"


def test_docx_paragraphs_soft_breaks_and_tables():
    document = Document()
    document.add_paragraph("职工法律知识测试题")
    document.add_paragraph("一、单项选择题")
    paragraph = document.add_paragraph("1. 工会会员的义务不包括（ ）。")
    for text in ("A. 按期缴纳会费", "B. 遵守工会章程", "C. 替企业催讨欠款"):
        paragraph.add_run().add_break()
        paragraph.add_run(text)
    document.add_paragraph("答案：C")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "2. 工会主席、副主席任期未满时，不得随意（ ）。"
    table.cell(1, 0).text = "A. 调动其工作\nB. 表扬其工作"
    document.add_paragraph("答案：A")
    buffer = io.BytesIO()
    document.save(buffer)
    result = questions_parse_bytes(buffer.getvalue(), "试题.docx")
    assert result.as_json() == {
        "questions": [
            {
                "type": "single",
                "stem": "工会会员的义务不包括（ ）。",
                "options": ["按期缴纳会费", "遵守工会章程", "替企业催讨欠款"],
                "answer": "C",
            },
            {
                "type": "single",
                "stem": "工会主席、副主席任期未满时，不得随意（ ）。",
                "options": ["调动其工作", "表扬其工作"],
                "answer": "A",
            },
        ],
        "problems": [],
    }


def _numbered(document, text: str, num_id: int, level: int) -> None:
    paragraph = document.add_paragraph(text)
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    p_pr.append(num_pr)


def _add_list_definition(document, num_id: int, levels: list[tuple[str, str]]) -> None:
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(90 + num_id))
    for index, (fmt, text) in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(index))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(90 + num_id))
    num.append(ref)
    numbering.append(num)


def test_docx_automatic_list_numbering_is_put_back():
    """Word numbers written by a list style are not in the paragraph text: the reader renders them."""
    document = Document()
    _add_list_definition(document, 7, [("decimal", "%1."), ("upperLetter", "%2.")])
    _numbered(document, "劳动者解除劳动合同，应当提前（ ）日以书面形式通知用人单位。", 7, 0)
    for text in ("十", "十五", "三十"):
        _numbered(document, text, 7, 1)
    document.add_paragraph("答案：C")
    _numbered(document, "工会对用人单位违反劳动法律的行为，有权（ ）。", 7, 0)
    for text in ("提出意见要求纠正", "直接处以罚款"):
        _numbered(document, text, 7, 1)
    document.add_paragraph("答案：A")
    buffer = io.BytesIO()
    document.save(buffer)
    result = questions_parse_bytes(buffer.getvalue(), "auto.docx")
    assert [(q.stem, q.options, q.answer) for q in result.questions] == [
        ("劳动者解除劳动合同，应当提前（ ）日以书面形式通知用人单位。", ["十", "十五", "三十"], "C"),
        ("工会对用人单位违反劳动法律的行为，有权（ ）。", ["提出意见要求纠正", "直接处以罚款"], "A"),
    ]


def test_docx_fixture_lines_match_the_text_file():
    lines = (DATA / "mixed_layouts.txt").read_text(encoding="utf-8").splitlines()
    assert questions_parse_bytes(_docx(lines), "题库.docx").as_json() == MIXED_EXPECTED


HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "分类"]


def test_xlsx_columns_by_header_name_with_an_instruction_sheet_first():
    workbook = _xlsx(
        [
            ("填写说明", [["说明"], ["题型填写 单选/多选/判断；答案填写字母或 对/错"]]),
            (
                "题库",
                [
                    ["工会知识题库（2025版）"],
                    HEADER,
                    [
                        "单选",
                        "工会经费审查委员会由（ ）选举产生。",
                        "A.会员大会",
                        "B.企业",
                        "C.上级工会",
                        None,
                        "A",
                        "《工会法》",
                        "工会法",
                    ],
                    [
                        "多选题",
                        "工会的权利有（ ）",
                        "参与",
                        "维护",
                        "监督",
                        "经营企业",
                        "A,B,C",
                        None,
                        "工会法",
                    ],
                    [
                        "判断",
                        "劳动合同应当以书面形式订立。",
                        None,
                        None,
                        None,
                        None,
                        "对",
                        None,
                        "劳动合同法",
                    ],
                    [None, None, None, None, None, None, None, None, None],
                    ["判断题", "职工可以自愿退出工会。", None, None, None, None, False, None, None],
                    ["单选", "工会主席由（ ）选举产生。", "会员大会", "厂长", None, None, "E", None, None],
                ],
            ),
        ]
    )
    result = questions_parse_bytes(workbook, "题库.xlsx")
    assert result.as_json() == {
        "questions": [
            {
                "type": "single",
                "stem": "工会经费审查委员会由（ ）选举产生。",
                "options": ["会员大会", "企业", "上级工会"],
                "answer": "A",
            },
            {
                "type": "multiple",
                "stem": "工会的权利有（ ）",
                "options": ["参与", "维护", "监督", "经营企业"],
                "answer": "ABC",
            },
            {"type": "judge", "stem": "劳动合同应当以书面形式订立。", "options": [], "answer": "true"},
            {"type": "judge", "stem": "职工可以自愿退出工会。", "options": [], "answer": "false"},
        ],
        "problems": [{"index": 5, "message": "答案中的 E 不在选项中（选项为 A–B）"}],
    }
    # the spreadsheet row is kept for the preview; explanation and category come along
    assert result.problems[0].line == 8
    assert (result.questions[0].explanation, result.questions[0].category) == ("《工会法》", "工会法")


def test_xlsx_aliases_letter_headers_and_answer_in_the_stem():
    workbook = _xlsx(
        [
            (
                "Sheet1",
                [
                    ["试题", "A", "B", "C", "D", "E", "正确答案", "难度", "出处"],
                    [
                        "集体合同由（ ）代表职工与企业签订。",
                        "工会",
                        "人事部门",
                        "车间主任",
                        "财务部门",
                        "监事会",
                        "A",
                        "易",
                        "《劳动合同法》第五十一条",
                    ],
                    ["女职工生育享受不少于（ D ）天的产假。", "60", "90", "98.0", 98, None, None, None, None],
                ],
            )
        ]
    )
    result = questions_parse_bytes(workbook, "q.xlsx")
    assert result.as_json()["questions"] == [
        {
            "type": "single",
            "stem": "集体合同由（ ）代表职工与企业签订。",
            "options": ["工会", "人事部门", "车间主任", "财务部门", "监事会"],
            "answer": "A",
        },
        {
            "type": "single",
            "stem": "女职工生育享受不少于（ ）天的产假。",
            "options": ["60", "90", "98.0", "98"],
            "answer": "D",
        },
    ]
    assert (result.questions[0].difficulty, result.questions[0].source) == ("易", "《劳动合同法》第五十一条")


def test_xlsx_all_options_in_one_cell():
    workbook = _xlsx(
        [
            (
                "题目",
                [
                    ["题目", "选项", "答案"],
                    ["工会小组长由（ ）产生。", "A.会员选举 B.行政任命 C.上级指派", "A"],
                    ["职代会的代表由（ ）选举。", "职工\n车间主任", "A"],
                    ["工会的性质是（ ）", "群众组织|政府机构", "A"],
                ],
            )
        ]
    )
    assert [q.options for q in questions_parse_bytes(workbook, "q.xlsx").questions] == [
        ["会员选举", "行政任命", "上级指派"],
        ["职工", "车间主任"],
        ["群众组织", "政府机构"],
    ]


def test_xlsx_without_a_question_sheet_cannot_be_read():
    workbook = _xlsx([("名册", [["姓名", "单位"], ["张三", "一中"]])])
    with pytest.raises(QuestionsReadError, match="没有找到题目表"):
        questions_parse_bytes(workbook, "q.xlsx")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"not a zip", "q.xlsx", "无法读取该 Excel 文件"),
        (b"not a zip", "q.docx", "无法读取该 Word 文件"),
        (b"\xd0\xcf\x11\xe0", "q.doc", "另存为 .docx"),
        (b"%PDF-1.7", "q.pdf", "不支持的文件类型"),
        (b"\x00\x01\x02\xff\xfe\x00", "q.txt", "无法识别文件的文字编码"),
    ],
)
def test_unreadable_files_raise_with_a_chinese_message(data, filename, message):
    with pytest.raises(QuestionsReadError, match=message):
        questions_parse_bytes(data, filename)


def test_a_missing_file_cannot_be_read(tmp_path):
    with pytest.raises(QuestionsReadError, match="无法读取文件：nope.txt"):
        questions_parse_file(tmp_path / "nope.txt")


def test_docx_list_number_style_numbers_the_questions():
    document = Document()
    document.add_paragraph("三、判断题")
    document.add_paragraph("工会是职工自愿结合的工人阶级群众组织。", style="List Number")
    document.add_paragraph("答案：对")
    document.add_paragraph("企业可以扣押职工的居民身份证。", style="List Number")
    document.add_paragraph("答案：错")
    buffer = io.BytesIO()
    document.save(buffer)
    result = questions_parse_bytes(buffer.getvalue(), "判断题.docx")
    assert [(q.type, q.stem, q.answer) for q in result.questions] == [
        ("judge", "工会是职工自愿结合的工人阶级群众组织。", "true"),
        ("judge", "企业可以扣押职工的居民身份证。", "false"),
    ]


def test_docx_question_table_with_a_header_is_read_by_column():
    document = Document()
    document.add_paragraph("1. 工会会员享有的权利包括（ ）。")
    document.add_paragraph("A. 选举权  B. 被选举权  C. 表决权")
    document.add_paragraph("答案：ABC")
    table = document.add_table(rows=3, cols=5)
    rows = [
        ["题型", "题目", "选项", "答案", "解析"],
        ["判断题", "工会是职工自愿结合的工人阶级群众组织。", "", "对", "《工会法》第二条"],
        ["单选题", "工会的会员证由（ ）颁发。", "A.基层工会 B.企业 C.劳动部门", "A", ""],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "4. 工会小组长由会员直接选举产生。（√）"
    buffer = io.BytesIO()
    document.save(buffer)
    result = questions_parse_bytes(buffer.getvalue(), "表格题库.docx")
    assert result.as_json() == {
        "questions": [
            {
                "type": "multiple",
                "stem": "工会会员享有的权利包括（ ）。",
                "options": ["选举权", "被选举权", "表决权"],
                "answer": "ABC",
            },
            {
                "type": "judge",
                "stem": "工会是职工自愿结合的工人阶级群众组织。",
                "options": [],
                "answer": "true",
            },
            {
                "type": "single",
                "stem": "工会的会员证由（ ）颁发。",
                "options": ["基层工会", "企业", "劳动部门"],
                "answer": "A",
            },
            # a merged cell is read once
            {"type": "judge", "stem": "工会小组长由会员直接选举产生。（ ）", "options": [], "answer": "true"},
        ],
        "problems": [],
    }
    assert result.questions[1].explanation == "《工会法》第二条"
