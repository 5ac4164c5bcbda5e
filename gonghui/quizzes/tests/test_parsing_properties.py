"""Property tests: generated questions rendered in every layout (and as .docx and .xlsx) parse back to the
same questions, with no problems; duplicates always come back as problems pointing at the first copy."""

import io
from collections.abc import Callable

import xlsxwriter
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.quizzes.parsing import LETTERS, ParsedQuestion, QuestionsReadError, stem_key
from gonghui.quizzes.question_files import questions_parse_bytes

# Chinese text that cannot be mistaken for structure: no digits or Latin letters, no 判断/答案/解析/题型 words,
# no respondent words (姓名/单位 …), no judge words (对/错/是/否/正确).
ALPHABET = "工会职劳动合同法律权益维护组织企业员代表大选举民主管集体协商资休息安全卫生保险培训的在有和与中监督经费女委"
WORDS = st.text(alphabet=ALPHABET, min_size=2, max_size=12)
PUNCTUATED = st.builds(lambda a, b: f"{a}，{b}", WORDS, WORDS) | st.builds(lambda a: f"《{a}》规定", WORDS)
STEM_BODY = WORDS | PUNCTUATED
OPTION = st.text(alphabet=ALPHABET, min_size=1, max_size=10)


@st.composite
def questions(draw: st.DrawFn) -> ParsedQuestion:
    kind = draw(st.sampled_from(["single", "multiple", "judge"]))
    stem = draw(STEM_BODY) + "（ ）"
    if kind == "judge":
        return ParsedQuestion(
            type="judge", stem=stem, options=[], answer=draw(st.sampled_from(["true", "false"]))
        )
    options = draw(st.lists(OPTION, min_size=2, max_size=8))
    letters = LETTERS[: len(options)]
    if kind == "single":
        answer = draw(st.sampled_from(letters))
    else:
        answer = "".join(sorted(draw(st.sets(st.sampled_from(letters), min_size=1))))
    return ParsedQuestion(type=kind, stem=stem, options=options, answer=answer)


QUESTION_LISTS = st.lists(questions(), min_size=1, max_size=8, unique_by=lambda q: stem_key(q.stem))
TYPE_MARKER = {"single": "[单选题]", "multiple": "[多选题]", "judge": "[判断题]"}
JUDGE_WORD = {"true": "√", "false": "×"}


def _stem_with(question: ParsedQuestion, inside: str) -> str:
    return question.stem.replace("（ ）", f"（{inside}）")


def render_lines(items: list[ParsedQuestion]) -> str:
    """1. stem [多选题] / A. option lines / 答案：X"""
    out = []
    for n, q in enumerate(items, 1):
        out.append(f"{n}. {q.stem}{TYPE_MARKER[q.type]}")
        out += [f"{letter}. {option}" for letter, option in zip(LETTERS, q.options, strict=False)]
        out.append(f"答案：{JUDGE_WORD.get(q.answer, q.answer)}")
    return "\n".join(out)


def render_one_line_full_width(items: list[ParsedQuestion]) -> str:
    """１、stem（多选） / Ａ．xx　Ｂ．xx on one line / 正确答案：Ａ"""
    full = str.maketrans("ABCDEFGH0123456789", "ＡＢＣＤＥＦＧＨ０１２３４５６７８９")
    out = []
    for n, q in enumerate(items, 1):
        marker = "（多选）" if q.type == "multiple" else ""
        out.append(f"{n}、{q.stem}{marker}".translate(full))
        if q.options:
            out.append(
                "　".join(f"{letter}．{o}" for letter, o in zip(LETTERS, q.options, strict=False)).translate(
                    full
                )
            )
        out.append(f"正确答案：{JUDGE_WORD.get(q.answer, q.answer)}".translate(full))
    return "\n".join(out)


def render_answer_in_brackets(items: list[ParsedQuestion]) -> str:
    """(1) stem（ ABD ）, options as (A)xx (B)xx; the type from the answer, except one-answer multiples."""
    out = []
    for n, q in enumerate(items, 1):
        marker = "【多选题】" if q.type == "multiple" else ""
        out.append(f"({n}) {marker}{_stem_with(q, f' {JUDGE_WORD.get(q.answer, q.answer)} ')}")
        if q.options:
            out.append(" ".join(f"({letter}){o}" for letter, o in zip(LETTERS, q.options, strict=False)))
    return "\n".join(out)


def render_correct_markers(items: list[ParsedQuestion]) -> str:
    """第1题 stem [多选题] / A、xx（正确答案）; judge: ○对（正确答案）/○错"""
    out = []
    for n, q in enumerate(items, 1):
        out.append(f"第{n}题 {q.stem}{TYPE_MARKER[q.type]}")
        if q.type == "judge":
            out += ["○对（正确答案）", "○错"] if q.answer == "true" else ["○对", "○错（正确答案）"]
        for letter, option in zip(LETTERS, q.options, strict=False):
            out.append(f"{letter}、{option}{'（正确答案）' if letter in q.answer else ''}")
    return "\n".join(out)


def render_sections(items: list[ParsedQuestion]) -> str:
    """Questions grouped under 一、单项选择题 / 二、多项选择题 / 三、判断题, numbered from 1 in each; stems wrapped."""
    headings = {"single": "一、单项选择题", "multiple": "二、多项选择题（每题2分）", "judge": "三、判断题"}
    out = ["职工法律知识竞赛试卷", "姓名：________ 单位：________"]
    for kind, heading in headings.items():
        group = [q for q in items if q.type == kind]
        if not group:
            continue
        out.append(heading)
        for n, q in enumerate(group, 1):
            half = len(q.stem) // 2
            out += [f"{n}. {q.stem[:half]}", q.stem[half:]]  # a wrapped stem
            out += [f"{letter}. {option}" for letter, option in zip(LETTERS, q.options, strict=False)]
            out.append(f"答案：{ {'true': '对', 'false': '错'}.get(q.answer, q.answer) }")
    return "\n".join(out)


def _in_section_order(items: list[ParsedQuestion]) -> list[ParsedQuestion]:
    return [q for kind in ("single", "multiple", "judge") for q in items if q.type == kind]


LAYOUTS: list[Callable[[list[ParsedQuestion]], str]] = [
    render_lines,
    render_one_line_full_width,
    render_answer_in_brackets,
    render_correct_markers,
]


def _as_json(items: list[ParsedQuestion]) -> dict[str, object]:
    return {"questions": [q.as_json() for q in items], "problems": []}


@settings(max_examples=60, deadline=None)
@given(items=QUESTION_LISTS, layout=st.sampled_from(LAYOUTS), encoding=st.sampled_from(["utf-8", "gb18030"]))
def test_every_text_layout_parses_back(items, layout, encoding):
    text = layout(items)
    assert questions_parse_bytes(text.encode(encoding), "q.txt").as_json() == _as_json(items), text


@settings(max_examples=40, deadline=None)
@given(items=QUESTION_LISTS)
def test_section_layout_parses_back_in_file_order(items):
    text = render_sections(items)
    assert questions_parse_bytes(text.encode(), "q.txt").as_json() == _as_json(_in_section_order(items)), text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=QUESTION_LISTS)
def test_docx_parses_back(items):
    document = Document()
    for line in render_lines(items).splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    assert questions_parse_bytes(buffer.getvalue(), "q.docx").as_json() == _as_json(items)


TYPE_CELL = {"single": "单选题", "multiple": "多选题", "judge": "判断题"}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=QUESTION_LISTS)
def test_xlsx_parses_back(items):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("题库")
    header = ["题型", "题干", *(f"选项{letter}" for letter in LETTERS[:8]), "答案"]
    sheet.write_row(0, 0, header)
    for row, q in enumerate(items, 1):
        answer = {"true": "正确", "false": "错误"}.get(q.answer, q.answer)
        sheet.write_row(row, 0, [TYPE_CELL[q.type], q.stem, *q.options])
        sheet.write_string(row, len(header) - 1, answer)
    workbook.close()
    assert questions_parse_bytes(buffer.getvalue(), "q.xlsx").as_json() == _as_json(items)


@settings(max_examples=40, deadline=None)
@given(items=QUESTION_LISTS, copy_of=st.integers(min_value=0), spaced=st.booleans())
def test_a_repeated_stem_is_a_problem_pointing_at_the_first(items, copy_of, spaced):
    original = items[copy_of % len(items)]
    stem = original.stem.replace("，", " , ") if spaced else original.stem
    repeated = ParsedQuestion(type=original.type, stem=stem, options=original.options, answer=original.answer)
    text = render_lines([*items, repeated])
    result = questions_parse_bytes(text.encode(), "q.txt").as_json()
    assert result["questions"] == [q.as_json() for q in items]
    assert result["problems"] == [
        {"index": len(items) + 1, "message": f"与第{items.index(original) + 1}题重复"}
    ]


LINE_PIECES = st.sampled_from(
    ["1. ", "2、", "(3)", "第4题", "A. ", "B、", "(C)", "Ｄ．", "答案：", "答案：B", "解析：", "一、单选题", "三、判断题",
     "（ C ）", "(正确答案)", "[多选题]", "√", "×", "姓名：", "____", "○", "□", "\t", " ", "工会", "劳动合同", "，", "。"]
)  # fmt: skip
EMPTY = "文件是空的：请选择填好试题的文件"
NO_QUESTIONS = "文件中没有找到试题：请对照页面上的格式示例整理后再导入"
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=6)
LINES = st.lists(st.lists(LINE_PIECES | ANY_TEXT, max_size=6).map("".join), max_size=40)


@settings(max_examples=150, deadline=None)
@given(lines=LINES)
def test_any_text_parses_without_error_into_consistent_results(lines):
    try:
        result = questions_parse_bytes("\n".join(lines).encode(), "q.txt")
    except QuestionsReadError as exc:  # nothing but blanks, or no question at all
        refused = str(exc)
    else:
        refused = ""
    assert refused in ("", EMPTY, NO_QUESTIONS)
    if refused:
        return
    indexes = [p.index for p in result.problems]
    assert indexes == sorted(set(indexes))
    assert all(1 <= i <= len(result.questions) + len(result.problems) for i in indexes)
    for question in result.questions:
        assert question.type in ("single", "multiple", "judge")
        if question.type == "judge":
            assert (question.options, question.answer in ("true", "false")) == ([], True)
        else:
            assert 2 <= len(question.options) <= 8
            assert question.answer
            assert set(question.answer) <= set(LETTERS[: len(question.options)])
            assert question.type == "multiple" or len(question.answer) == 1


# ---- item 17: numbered stems that begin with digits ("6.2021年修正的…") -----------------------------------------

LEADING_DIGITS = st.builds(
    lambda n, unit: f"{n}{unit}",
    st.integers(min_value=0, max_value=99999),
    st.sampled_from(["年", "项", "名", "", "个"]),
)


@st.composite
def digit_led_questions(draw: st.DrawFn) -> ParsedQuestion:
    """A question whose stem begins with digits ("2021年…", "12351…"); options never hold a numbered line."""
    question = draw(questions())
    question.stem = draw(LEADING_DIGITS) + question.stem
    return question


DIGIT_LED_LISTS = st.lists(
    digit_led_questions() | questions(), min_size=1, max_size=8, unique_by=lambda q: stem_key(q.stem)
)


def render_tight(items: list[ParsedQuestion], numbers: list[int] | None = None, separator: str = ".") -> str:
    """6.2021年…（ AB ） with the number running straight into the stem, A.xx lines (survey style for judge
    questions: bare 对(正确答案) / 错 lines), the answer in the stem's brackets for choice questions."""
    out = []
    for n, q in zip(numbers or range(1, len(items) + 1), items, strict=True):
        if q.type == "judge":
            out.append(f"{n}{separator}{q.stem}[判断题] *")
            out += ["对(正确答案)", "错"] if q.answer == "true" else ["对", "错(正确答案)"]
            continue
        out.append(
            f"{n}{separator}{_stem_with(q, f' {q.answer} ')}{'[多选题]' if q.type == 'multiple' else ''}"
        )
        out += [f"{letter}.{option}" for letter, option in zip(LETTERS, q.options, strict=False)]
    return "\n".join(out)


@settings(max_examples=80, deadline=None)
@given(items=DIGIT_LED_LISTS, separator=st.sampled_from([".", "．", "、", ")"]))
def test_stems_beginning_with_digits_parse_back(items, separator):
    text = render_tight(items, separator=separator)
    assert questions_parse_bytes(text.encode(), "q.txt").as_json() == _as_json(items), text


@settings(max_examples=60, deadline=None)
@given(items=DIGIT_LED_LISTS, data=st.data())
def test_a_misnumbered_digit_led_stem_is_reported_never_merged(items, data):
    # given: one question (not the first) numbered out of sequence, its stem beginning with digits
    wrong = data.draw(st.integers(min_value=1, max_value=max(1, len(items) - 1)))
    if wrong >= len(items):
        items = [*items, data.draw(digit_led_questions())]
    items[wrong] = data.draw(digit_led_questions())
    if len({stem_key(q.stem) for q in items}) < len(items):
        return
    numbers = list(range(1, len(items) + 1))
    numbers[wrong] = len(items) + 10
    text = render_tight(items, numbers)
    # when
    result = questions_parse_bytes(text.encode(), "q.txt")
    # then: the questions before it come back; the one it follows is a problem naming the line, and no
    # question taken holds another's stem in its options
    assert result.as_json()["questions"][: wrong - 1] == [q.as_json() for q in items[: wrong - 1]], text
    line = (
        text.splitlines().index(next(t for t in text.splitlines() if t.startswith(f"{numbers[wrong]}."))) + 1
    )
    assert result.problems[0].index == wrong
    assert result.problems[0].message.startswith(f"第{line}行“{numbers[wrong]}."), text
    for question in result.questions:
        assert question.as_json() in [q.as_json() for q in items]
