"""Questions from text lines (.txt, or the paragraphs of a .docx): a line classifier and a small state machine.

Each line is classified on its match form (full-width ASCII made half-width, same length, so the original text
is sliced at the same positions) as one of: blank, section heading (一、单项选择题), type line ([多选题] alone),
question start (1. 1、 (1) 第1题), option (A. A、 (A) ○, or a bare 对(正确答案) / 错 line of a survey export),
answer (答案：B), explanation (解析：), metadata (分类：/难度：/来源：/题型：) or plain text. A number running
straight into digits ("6.2021年修正的…") starts a question only when it is the next number; a line like that
joined to a question instead is reported as that question's problem, never merged silently. The state
machine (`TextReader`) keeps the question being read and where plain text goes: a wrapped line continues the
stem, the last option or the explanation; plain text followed by options is the stem of an unnumbered
question. Everything before the first question (titles, 考生须知, 姓名____) is ignored. Checking (answers, types, duplicates) is `parsing.drafts_finish`."""

import enum
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from gonghui.quizzes.parsing import (
    ANSWER_AS_WRITTEN,
    LETTERS,
    OPTION_START,
    Draft,
    QuestionsReadError,
    join_wrapped,
    match_form,
    split_options,
    type_from_words,
)
from gonghui.quizzes.parsing_xlsx import table_drafts

# ---- named patterns (all run on the match form) ---------------------------------------------------------

BLANK = re.compile(r"^[\s_\-=—*·.]*$")
_CN_DIGITS = "一二三四五六七八九十"
_CN_NUMERAL = f"[{_CN_DIGITS}]+"
_SECTION_TYPES = (
    r"单项选择题?|单选题?|多项选择题?|多选题?|不定项选择题?|判断题|是非题|判断|填空题|简答题|问答题"
)
SECTION_HEADING = re.compile(
    rf"^\s*(?:{_CN_NUMERAL}\s*[、.,]|\(\s*{_CN_NUMERAL}\s*\)|第\s*[{_CN_DIGITS}\d]+\s*(?:部分|节|大题)"
    r"|[IVX]+\s*[.、]|[ⅠⅡⅢⅣⅤⅥ]+\s*[.、]?)\s*(?P<title>.*)$"
)
BARE_SECTION_HEADING = re.compile(
    rf"^\s*\[?\s*(?P<title>(?:{_SECTION_TYPES}))\s*\]?\s*(?:\(.*\))?\s*[:]?\s*$"
)
SECTION_TITLE = re.compile(r"题|选择|判断|是非")
QUESTION_LIKE = re.compile(r"\(\s*\)|\?|_{2,}|\([^)]*\)\s*[。.]?\s*$")  # a blank (  ) ____ or a question mark
QUESTION_START = re.compile(
    r"""^\s*(?:
        第\s*(?P<di>\d+)\s*题\s*[.、,:]?
      | \(\s*(?P<paren>\d+)\s*\)
      | (?P<num>\d{1,4})\s*(?P<sep>[.、,:)])(?P<digit_led>(?=\d))?
    )\s*""",
    re.VERBOSE,
)
WEAK_OPTION_START = re.compile(
    r"\s*(?P<letter>[A-H])\s+(?=[^\sA-Za-z0-9])"
)  # "B 劳动关系": only the next letter
BULLET_OPTION_START = re.compile(r"^\s*[○◯●□☐■◎◇◆]\s*")  # survey exports: ○正确 □劳动报酬
# A judge question's option on a bare line, as survey platforms export them: "对(正确答案)" / "错"
JUDGE_OPTION_LINE = re.compile(
    r"^\s*(?:正确|错误|对|错|√|×)\s*(?:[\[(]\s*(?:正确答案|正确选项|正确|答案)\s*[\])])?\s*$"
)
# Where a stem may end: a sentence mark, a bracket (the answer blank), a type marker's "*"
STEM_END = ".?!)]*。？！”"
_ANSWER_LABEL = r"(?:正确答案|参考答案|标准答案|答案)\s*(?:为|是)?"
ANSWER_LINE = re.compile(
    rf"^\s*\[?\s*{_ANSWER_LABEL}\s*\]?\s*[:]?\s*(?P<answer>{ANSWER_AS_WRITTEN})(?P<rest>.*)$"
)
INLINE_ANSWER = re.compile(
    rf"\s*[\[(]?\s*{_ANSWER_LABEL}\s*[\])]?\s*:\s*(?P<answer>{ANSWER_AS_WRITTEN})\s*[\])]?\s*[。.]?\s*$"
)
# "答案：略" / "答案：" — an answer label whose value is no answer (reported as such, not taken as text)
ANSWER_LABEL = re.compile(rf"^\s*\[?\s*{_ANSWER_LABEL}\s*\]?\s*:\s*(?P<answer>.*)$")
EXPLANATION_LINE = re.compile(r"^\s*(?:\[\s*(?:答案|试题)?解析\s*\]|(?:答案|试题)?解析\s*:)\s*(?P<text>.*)$")
REST_EXPLANATION = re.compile(r"^[\s,;。.，；]*(?:\[?\s*(?:答案|试题)?解析\s*\]?\s*:?)?\s*")
META_LINE = re.compile(
    r"^\s*\[?\s*(?P<key>分类|类别|知识点|标签|难度|难易程度|来源|出处|题型)\s*\]?\s*:\s*(?P<value>.*)$"
)
META_FIELDS = {
    "分类": "category",
    "类别": "category",
    "知识点": "category",
    "标签": "category",
    "难度": "difficulty",
    "难易程度": "difficulty",
    "来源": "source",
    "出处": "source",
    "题型": "type_hint",
}


# ---- the classifier -------------------------------------------------------------------------------------


class Kind(enum.Enum):
    BLANK = "blank"
    SECTION = "section"
    TYPE_LINE = "type_line"  # a line holding only a type: 单选题 / [多选题] / 判断题（每题1分）
    QUESTION = "question"
    OPTION = "option"
    ANSWER = "answer"
    EXPLANATION = "explanation"
    META = "meta"
    TEXT = "text"


@dataclass
class Line:
    number: int  # 1-based line number in the file
    kind: Kind
    text: str  # the payload in original characters (stem after its number, option after its letter …)
    value: str = ""  # section type, option letter ("" = next), answer token, meta field, numbering style
    raw: str = ""  # the whole line as written
    start_number: int = 0  # a question start's number
    # a question start whose number runs straight into digits ("6.2021年修正的…"): maybe a question, maybe a
    # wrapped line starting with a decimal ("5.5亿"); the reader decides
    digit_led: bool = False


def classify(number: int, raw: str, *, expected_letter: str) -> Line:
    """What one line is. `expected_letter` is the letter the next option would have: a bare "B xx" counts as an
    option only when it is that letter."""
    line = _classify(number, raw, expected_letter=expected_letter)
    line.raw = raw
    return line


def _classify(number: int, raw: str, *, expected_letter: str) -> Line:
    norm = match_form(raw)
    if BLANK.match(norm):
        return Line(number, Kind.BLANK, "")
    if match := BARE_SECTION_HEADING.match(norm):
        return Line(
            number, Kind.TYPE_LINE, raw[match.start("title") :].strip(), type_from_words(match["title"])
        )
    if match := SECTION_HEADING.match(norm):
        title = raw[match.start("title") :].strip()
        if SECTION_TITLE.search(match["title"]) or not QUESTION_LIKE.search(match["title"]):
            return Line(number, Kind.SECTION, title, type_from_words(match["title"]))
        return Line(
            number, Kind.QUESTION, title, "chinese"
        )  # 一、工会是（ ）？ — questions numbered 一 二 三
    if match := QUESTION_START.match(norm):
        style = "di" if match["di"] else "paren" if match["paren"] else match["sep"]
        start = int(match["di"] or match["paren"] or match["num"])
        digit_led = match["digit_led"] is not None
        return Line(number, Kind.QUESTION, raw[match.end() :], style, start_number=start, digit_led=digit_led)
    if match := ANSWER_LINE.match(norm):
        rest = raw[match.start("rest") :]
        if not rest.strip() or not rest.strip()[0].isascii() or rest.strip()[0] in ",;.":
            return Line(number, Kind.ANSWER, _after_answer(rest), match["answer"])
    if match := ANSWER_LABEL.match(norm):
        return Line(number, Kind.ANSWER, "", raw[match.start("answer") :].strip())
    if match := EXPLANATION_LINE.match(norm):
        return Line(number, Kind.EXPLANATION, raw[match.start("text") :])
    if match := META_LINE.match(norm):
        return Line(number, Kind.META, raw[match.start("value") :], META_FIELDS[match["key"]])
    if match := OPTION_START.match(norm):
        letter = (match["paren"] or match["letter"]).upper()
        if letter <= "H" or letter == expected_letter:
            return Line(number, Kind.OPTION, raw[match.end() :], letter)
    if (match := WEAK_OPTION_START.match(norm)) and match["letter"] == expected_letter:
        return Line(number, Kind.OPTION, raw[match.end() :], expected_letter)
    if match := BULLET_OPTION_START.match(norm):
        weak = WEAK_OPTION_START.match(norm, match.end())  # "○A 维护职工合法权益"
        if weak and weak["letter"] == expected_letter:
            return Line(number, Kind.OPTION, raw[weak.end() :], expected_letter)
        return Line(number, Kind.OPTION, raw[match.end() :], "")
    if expected_letter in ("A", "B") and JUDGE_OPTION_LINE.match(norm):
        return Line(number, Kind.OPTION, raw.strip(), expected_letter)  # "对(正确答案)" / "错"
    return Line(number, Kind.TEXT, raw)


def _after_answer(rest: str) -> str:
    """What follows the answer on its line ("。解析：…") without its label: the start of the explanation."""
    label = REST_EXPLANATION.match(match_form(rest))
    return rest[label.end() :] if label else rest


# ---- the state machine ----------------------------------------------------------------------------------


class State(enum.Enum):
    OUTSIDE = "outside"  # before the first question, or after a section heading
    STEM = "stem"
    OPTIONS = "options"
    EXPLANATION = "explanation"  # after the answer: plain text is explanation


class TextReader:
    """Feeds on classified lines, keeps the question being read, returns the drafts in file order.

    Plain text outside a question or after an answer is held back (`pending`) until the next line says what it
    was: when options follow, it was the stem of an unnumbered question; otherwise it was explanation (or, before
    the first question, a title to ignore). A blank line ends what is held back."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self.current: Draft | None = None
        self.state = State.OUTSIDE
        self.section_type = ""
        self.style = ""  # numbering style of the current question ("." "、" "paren" "di" …)
        self.in_sublist = False  # the stem holds its own (1) (2) list
        self.last_number = 0  # the number of the last numbered question (0 before any)
        self.pending: list[Line] = []
        # 解析： seen and no blank line since: lines of the explanation may look like options ("A. 正确，…")
        self.labelled_explanation = False

    @property
    def expected_letter(self) -> str:
        count = len(self.current.options) if self.current else 0
        return LETTERS[count] if count < len(LETTERS) else ""

    def feed(self, line: Line) -> None:
        if line.kind is Kind.QUESTION and line.digit_led and not self._digit_led_starts_question(line):
            self._flag_merged_start(line)
            line = Line(line.number, Kind.TEXT, line.raw, raw=line.raw)
        if line.kind is Kind.TEXT and self.state in (State.OUTSIDE, State.EXPLANATION):
            self.pending.append(line)
            return
        if line.kind is Kind.OPTION and self.pending and not self.labelled_explanation:
            self._start_unnumbered()
        self._flush_pending()
        if line.kind in (Kind.BLANK, Kind.QUESTION, Kind.SECTION, Kind.TYPE_LINE):
            self.labelled_explanation = False
        handler = getattr(self, f"on_{line.kind.value}")
        handler(line)

    def take_draft(self, draft: Draft, number: int) -> None:
        self._flush_pending()
        self._finish_current()
        draft.line = number
        self.drafts.append(draft)

    def close(self) -> list[Draft]:
        self._flush_pending()
        self._finish_current()
        return self.drafts

    # one method per line kind

    def on_blank(self, line: Line) -> None:
        pass

    def on_section(self, line: Line) -> None:
        self._finish_current()
        self.section_type = line.value
        self.state = State.OUTSIDE

    def on_type_line(self, line: Line) -> None:
        """Under a stem before its options ("[单选题]" on its own line) it is that question's type; elsewhere a
        section heading."""
        if self.current is not None and self.state is State.STEM:
            self.current.type_hint = line.value
        else:
            self.on_section(line)

    def on_question(self, line: Line) -> None:
        if self._is_sublist_item(line):
            self.in_sublist = True
            self.on_text(Line(line.number, Kind.TEXT, line.raw))
            return
        self._finish_current()
        self.current = Draft(line=line.number, stem="", section_type=self.section_type)
        self.style, self.in_sublist, self.state = line.value, False, State.STEM
        self.last_number = line.start_number or self.last_number
        self._add_stem_text(self.current, line.text)

    def on_option(self, line: Line) -> None:
        if self.current is None:
            return
        if self.state is State.EXPLANATION:
            self.on_text(Line(line.number, Kind.TEXT, line.raw))
            return
        letter = line.value or self.expected_letter
        head, more = (
            split_options(line.text, LETTERS[LETTERS.index(letter) + 1]) if letter != "Z" else (line.text, [])
        )
        self.current.options.append(head.strip())
        self.current.options.extend(more)
        self.state = State.OPTIONS
        self._take_inline_answer(self.current)

    def on_answer(self, line: Line) -> None:
        if self.current is None:
            return
        self.current.answer = line.value
        self.current.explanation = join_wrapped(self.current.explanation, line.text)
        self.state = State.EXPLANATION

    def on_explanation(self, line: Line) -> None:
        if self.current is None:
            return
        self.current.explanation = join_wrapped(self.current.explanation, line.text)
        self.state, self.labelled_explanation = State.EXPLANATION, True

    def on_meta(self, line: Line) -> None:
        if self.current is None:
            return
        setattr(self.current, line.value, line.text.strip())

    def on_text(self, line: Line) -> None:
        if self.current is None:
            return
        if self.state is State.STEM:
            self._add_stem_text(self.current, line.text)
        elif self.state is State.OPTIONS:
            self.current.options[-1] = join_wrapped(self.current.options[-1], line.text)
            self._take_inline_answer(self.current)
        else:
            self.current.explanation = join_wrapped(self.current.explanation, line.text)

    # helpers

    def _is_next_number(self, line: Line) -> bool:
        """The line's number follows the last question's (or is 1 before any question or after a heading)."""
        return line.start_number == self.last_number + 1 or (self.current is None and line.start_number == 1)

    def _digit_led_starts_question(self, line: Line) -> bool:
        """ "6.2021年修正的…" starts a question when 6 is the next number and the question being read may end
        here (it has its options or answer, or its stem ends a sentence or a blank); otherwise ("5.5亿" wrapped
        under question 4, "8.2021年…" after question 5) it is text."""
        if not self._is_next_number(line):
            return False
        if self.current is None or self.state is not State.STEM:
            return True
        return match_form(self.current.stem).rstrip()[-1:] in STEM_END

    def _flag_merged_start(self, line: Line) -> None:
        """A line that looks like a numbered stem but is joined to the question being read is a problem of that
        question, never a silent merge: always among its options; in its stem when it has the next number
        (a stem wrapped before "2.5亿" with another number is left alone)."""
        if self.current is None or self.state not in (State.STEM, State.OPTIONS):
            return
        if self.state is State.STEM and not self._is_next_number(line):
            return
        count = len(self.current.options)
        where = (
            "题干"
            if self.state is State.STEM
            else f"选项{LETTERS[count - 1]}"
            if count <= 26
            else "最后一个选项"
        )
        excerpt = line.raw.strip()
        excerpt = excerpt if len(excerpt) <= 20 else excerpt[:20] + "……"
        self.current.problems.append(
            f"第{line.number}行“{excerpt}”像是另一道题的开头，已并入本题的{where}，请检查题号"
            f"（题号后紧跟数字时，可在题号后加空格，如“6. 2021年…”）"
        )

    def _start_unnumbered(self) -> None:
        """The held-back text was the stem of a question without a number. Before the first question only its
        last line counts (the lines above are a title, instructions)."""
        if self.current is None:
            self.pending = self.pending[-1:]
        self._finish_current()
        self.current = Draft(line=self.pending[0].number, stem="", section_type=self.section_type)
        self.style, self.in_sublist, self.state = "", False, State.STEM
        for line in self.pending:
            self._add_stem_text(self.current, line.text)
        self.pending = []

    def _flush_pending(self) -> None:
        """The held-back text was explanation (after an answer) or a title (before any question)."""
        if self.current is not None and self.state is State.EXPLANATION:
            for line in self.pending:
                self.current.explanation = join_wrapped(self.current.explanation, line.text)
        self.pending = []

    def _is_sublist_item(self, line: Line) -> bool:
        """A "(1) …" list inside a stem ("下列说法：(1)… (2)…") is stem text, not new questions: a start in a
        different numbering style while the stem is still open, beginning at 1 or continuing such a list."""
        if self.current is None or self.state is not State.STEM or line.value == self.style:
            return False
        return self.in_sublist or line.start_number == 1

    def _add_stem_text(self, draft: Draft, text: str) -> None:
        head, options = split_options(text)
        if len(options) >= 2:  # "1. 工会是（ ）A.xx B.xx C.xx D.xx"
            draft.stem = join_wrapped(draft.stem, head)
            draft.options.extend(options)
            self.state = State.OPTIONS
        else:
            draft.stem = join_wrapped(draft.stem, text)
        self._take_inline_answer(draft)

    def _take_inline_answer(self, draft: Draft) -> None:
        """ "答案：B" written at the end of the stem or option line."""
        in_options = self.state is State.OPTIONS
        target = draft.options[-1] if in_options else draft.stem
        match = INLINE_ANSWER.search(match_form(target))
        if not match:
            return
        draft.answer = match["answer"]
        if in_options:
            draft.options[-1] = target[: match.start()].strip()
        else:
            draft.stem = target[: match.start()].strip()
        self.state = State.EXPLANATION

    def _finish_current(self) -> None:
        if self.current is not None:
            self.drafts.append(self.current)
        self.current, self.state, self.in_sublist = None, State.OUTSIDE, False


def text_drafts(lines: Iterable[str | Draft]) -> list[Draft]:
    """Drafts from text lines; a Draft among them (a row of a Word question table) is taken as it is."""
    reader = TextReader()
    for number, item in enumerate(lines, start=1):
        if isinstance(item, Draft):
            reader.take_draft(item, number)
        else:
            reader.feed(classify(number, item, expected_letter=reader.expected_letter))
    return reader.close()


# ---- decoding ----------------------------------------------------------------------------------------------


def text_decode(data: bytes) -> str:
    """A .txt or .csv file's text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (GBK, GB2312;
    with or without its BOM)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text.removeprefix("\ufeff")  # GB18030's byte-order mark (84 31 95 33) decodes to U+FEFF
    raise QuestionsReadError("无法识别文件的文字编码：请把文本文件保存为 UTF-8 或 GB18030（GBK）编码后再导入")


# ---- .docx --------------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "零一二三四五六七八九十"


def docx_lines(data: bytes) -> list[str | Draft]:
    """The text lines of a .docx in document order: paragraphs (soft line breaks split), table cells row by
    row (merged cells once). Word's automatic numbering ("1." "A." written by a list style, not typed) is put
    back in front. A table with a question header (题干 | 选项A … | 答案) gives one Draft per row instead."""
    from docx import Document  # python-docx is only needed for .docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise QuestionsReadError(
            "无法读取该 Word 文件：请确认是 .docx 格式且未损坏（可在 Word 中另存为 .docx）"
        ) from exc
    numbering = _ListNumbering(document)
    lines: list[str | Draft] = []
    for block in document.iter_inner_content():
        paragraphs: Iterator[Any]
        if isinstance(block, Table):
            drafts = table_drafts([[cell.text for cell in row.cells] for row in block.rows])
            if drafts is not None:
                lines.extend(drafts)
                continue
            paragraphs = (p for row in block.rows for cell in _distinct_cells(row) for p in cell.paragraphs)
        else:
            paragraphs = iter([block])
        for paragraph in paragraphs:
            text = numbering.prefix(paragraph) + paragraph.text
            lines.extend(text.replace("\v", "\n").splitlines() or [""])
    return lines


def _distinct_cells(row: Any) -> Iterator[Any]:
    """A row's cells with a merged cell once (python-docx repeats it for every grid column it spans)."""
    seen: set[int] = set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            yield cell


class _ListNumbering:
    """Renders Word's automatic list numbers ("%1." with decimal / upperLetter / chineseCounting formats)."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[
            tuple[str, int], tuple[str, str, int]
        ] = {}  # (numId, level) → (format, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in node.iter(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    _attr(lvl, "numFmt", "decimal"),
                    _attr(lvl, "lvlText", ""),
                    int(_attr(lvl, "start", "1") or 1),
                )
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            abstract_id = _attr(num, "abstractNumId", "")
            for level, spec in abstract.get(abstract_id, {}).items():
                self.formats[(num.get(f"{_W}numId", ""), level)] = spec

    def prefix(self, paragraph: Any) -> str:
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if num_pr is None and paragraph.style is not None and paragraph.style.element.pPr is not None:
            num_pr = paragraph.style.element.pPr.numPr
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        if (num_id, level) not in self.formats:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        if level >= len(counters):
            return ""
        counters[level] += 1
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
        text = self.formats[(num_id, level)][1]
        for shown in range(level + 1):
            spec = self.formats.get((num_id, shown), ("decimal", "", 1))
            value = counters[shown] + spec[2] - 1 if counters[shown] else spec[2]
            text = text.replace(f"%{shown + 1}", _render_number(value, spec[0]))
        return f"{text} " if text else ""


def _attr(node: Any, child: str, default: str) -> str:
    found = node.find(f"{_W}{child}")
    return default if found is None else str(found.get(f"{_W}val", default))


def _render_number(value: int, number_format: str) -> str:
    if number_format in ("upperLetter", "lowerLetter"):
        letter = LETTERS[(value - 1) % len(LETTERS)]
        return letter if number_format == "upperLetter" else letter.lower()
    if number_format.startswith("chinese") or number_format.startswith("ideograph"):
        if value <= 10:
            return _CN_DIGITS[value]
        if value < 20:
            return "十" + _CN_DIGITS[value % 10]
        return _CN_DIGITS[value // 10] + "十" + (_CN_DIGITS[value % 10] if value % 10 else "")
    return str(value)
