"""Parse question banks from the files people actually have: .xlsx (columns by header name), .docx and .txt
(UTF-8 or GB18030) in the pasted layouts that tests/test_parsing*.py cover.

Pure functions, no database: `question_files.questions_parse_file(path)` / `questions_parse_bytes(data, filename)`
return a `ParseResult` whose `as_json()` is the document printed by `manage.py import_questions --json`.
`QuestionsReadError` (Chinese message) means the file could not be read at all.

Layout: `parsing_text` turns lines (from .txt or .docx) into `Draft`s with a line classifier and a small state
machine, `parsing_xlsx` turns spreadsheet rows (and a .docx's tables) into `Draft`s; `drafts_finish` here does what both share —
cutting type markers, in-stem answers and correct-answer markers out of the text, deciding the type, checking
the answer against the options and skipping duplicate stems — and builds the `ParseResult`."""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

QUESTION_TYPES = ("single", "multiple", "judge")
MIN_OPTIONS = 2
MAX_OPTIONS = 8
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class QuestionsReadError(Exception):
    """The file could not be read; the message is shown to the user."""


@dataclass
class ParsedQuestion:
    type: str  # "single" | "multiple" | "judge"
    stem: str
    options: list[str]  # no letter prefix, no correct-answer marker; [] for judge
    answer: str  # "B" | "ABD" | "true" | "false"
    explanation: str = ""
    category: str = ""
    difficulty: str = ""
    source: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"type": self.type, "stem": self.stem, "options": list(self.options), "answer": self.answer}


@dataclass
class ParseProblem:
    index: int  # 1-based position among the file's questions
    message: str  # Chinese, e.g. "未找到答案"
    line: int = 0  # where the question starts: text line or spreadsheet row (1-based; 0 = unknown)


@dataclass
class ParseResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "questions": [q.as_json() for q in self.questions],
            "problems": [{"index": p.index, "message": p.message} for p in self.problems],
        }


@dataclass
class Draft:
    """One question as read, before any checking: raw text (original characters), options without their letter,
    the answer as written anywhere outside the stem ("B", "A、B", "√", "正确"; "" when none), the type a type
    column or `题型：` line gave, the type of the section heading it stands under, and what the reader already
    found wrong (a line that looks like another question's start merged into it)."""

    line: int
    stem: str
    options: list[str] = field(default_factory=list)
    answer: str = ""
    type_hint: str = ""
    section_type: str = ""
    explanation: str = ""
    category: str = ""
    difficulty: str = ""
    source: str = ""
    problems: list[str] = field(
        default_factory=list
    )  # found while reading (a numbered stem among the options)


# ---- characters ----------------------------------------------------------------------------------------

# Full-width ASCII (Ａ １ （ ． ： …) and the ideographic space to their ASCII forms, one character for one
# character: regexes match on the normalised copy and the original is sliced at the same positions.
_MATCH_FORM = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {
    0x3000: ord(" "),
    ord("【"): ord("["),
    ord("】"): ord("]"),
    ord("〔"): ord("["),
    ord("〕"): ord("]"),
    ord("［"): ord("["),
    ord("］"): ord("]"),
}
# For text that is kept: only full-width letters and digits become ASCII; Chinese punctuation stays.
_KEEP_FORM = {
    c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
} | {
    0x3000: ord(" "),
    0xA0: ord(" "),
}
# Only the characters to change are visited (str.translate with a dict would look up every character).
_MATCH_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _MATCH_FORM) + "]")
_KEEP_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _KEEP_FORM) + "]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_CJK_EDGE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef《》“”‘’]")


def match_form(text: str) -> str:
    """The copy regexes run on: same length as `text`, full-width ASCII and 【】 made half-width."""
    return _MATCH_CHARS.sub(lambda m: chr(_MATCH_FORM[ord(m.group())]), text)


def tidy(text: str) -> str:
    """Kept text: full-width letters/digits half-width, invisible characters gone, runs of spaces one space."""
    kept = _KEEP_CHARS.sub(lambda m: chr(_KEEP_FORM[ord(m.group())]), text)
    return _SPACES.sub(" ", _INVISIBLE.sub("", kept)).strip()


def join_wrapped(head: str, tail: str) -> str:
    """A wrapped line joined to the text it continues: no space between Chinese, one space between words."""
    head, tail = head.rstrip(), tail.strip()
    if not head or not tail:
        return head or tail
    if _CJK_EDGE.match(head[-1]) or _CJK_EDGE.match(tail[0]):
        return head + tail
    return f"{head} {tail}"


def stem_key(stem: str) -> str:
    """The stem for duplicate detection: insensitive to width, case, whitespace, punctuation and brackets."""
    text = unicodedata.normalize("NFKC", stem).lower()
    return "".join(c for c in text if unicodedata.category(c)[0] not in "PZSC")


# ---- answers, markers ----------------------------------------------------------------------------------

_TRUE_WORDS = {"√", "✓", "✔", "☑", "对", "正确", "是", "T", "TRUE", "Y", "YES", "R", "RIGHT", "V"}
_FALSE_WORDS = {"×", "✗", "✘", "╳", "X", "错", "错误", "否", "F", "FALSE", "N", "NO", "WRONG"}
# An answer token as it is written after 答案： or inside brackets (longest words first).
ANSWER_AS_WRITTEN = (
    r"(?:正确|错误|TRUE|FALSE|True|False|true|false|[√✓✔☑×✗✘╳对错]"
    r"|[A-Za-z](?:\s*[,、;/]?\s*[A-Za-z])*)"
)
_ANSWER_SEPARATORS = re.compile(r"[\s,、;/.。，；]+")

# A type marker in the stem: [单选题] 【多选题】 （多选） (判断题) [填空题] *, or a leading 判断： / 单选题：
_TYPE_WORD = (
    r"单选题?|单项选择题?|多选题?|多项选择题?|不定项选择题?|不定项|判断题?|是非题|填空题?|简答题|问答题"
)
TYPE_MARKER = re.compile(rf"\s*[\[(]\s*(?P<word>{_TYPE_WORD})\s*[\])]\s*\*?")
LEADING_TYPE_MARKER = re.compile(rf"^\s*(?P<word>{_TYPE_WORD})\s*[:]\s*")
# An answer written in the stem's brackets: （ C ） (AB) （√） （ 正确 ）
BRACKET_ANSWER = re.compile(r"\(\s*(?P<answer>[A-H](?:\s*[,、]?\s*[A-H]){0,7}|[√✓✔×✗✘]|对|错|正确|错误)\s*\)")
# The correct-answer marker after an option: (正确答案) 【正确答案】 (正确) √
CORRECT_MARKER = re.compile(r"\s*(?:[\[(]\s*(?:正确答案|正确选项|正确|答案|√|✓|✔)\s*[\])]|(?<=\s)[√✓✔])\s*$")

_JUDGE_OPTION_TRUE = {"正确", "对", "√", "是", "TRUE", "T", "✓", "✔"}
_JUDGE_OPTION_FALSE = {"错误", "错", "×", "否", "FALSE", "F", "✗", "✘"}


_TYPE_WORDS = (  # most specific first: "判断题（对的选择√）" is a judge heading
    (("多选", "多项", "不定项", "multiple"), "multiple"),
    (("单选", "单项", "single"), "single"),
    (("判断", "是非", "对错", "judge"), "judge"),
    (("填空", "简答", "问答", "论述", "fill"), "fill"),
    (("选择",), "single"),
)


def type_from_words(text: str) -> str:
    """ "single" / "multiple" / "judge" / "fill" (unsupported) from a marker, a heading or a 题型 cell; ""
    when the text names no type."""
    text = match_form(text).strip().lower()
    if not text:
        return ""
    for words, kind in _TYPE_WORDS:
        if any(word in text for word in words):
            return kind
    return ""


def read_answer(raw: str, *, has_options: bool) -> str | None:
    """ "ABD" (sorted, unique letters) or "true"/"false" from an answer as written; None when it is neither.
    T/F and X are letters when the question has options, √/× words when it has none."""
    text = match_form(raw).strip().strip("。.；;，,").strip()
    if not text:
        return None
    upper = text.upper()
    judge_first = not has_options or not upper.isascii()
    if judge_first or upper not in ("F", "T", "X", "Y", "N", "R", "V"):
        if upper in _TRUE_WORDS:
            return "true"
        if upper in _FALSE_WORDS:
            return "false"
    letters = _ANSWER_SEPARATORS.sub("", upper)
    if letters and all(c in LETTERS for c in letters):
        return "".join(sorted(set(letters)))
    return None


def cut_type_marker(stem: str) -> tuple[str, str]:
    """The stem without its type marker, and the type the marker names ("" when none)."""
    found = ""
    norm = match_form(stem)
    for match in reversed(list(TYPE_MARKER.finditer(norm))):
        found = found or type_from_words(match["word"])
        stem, norm = (
            stem[: match.start()] + " " + stem[match.end() :],
            norm[: match.start()] + " " + norm[match.end() :],
        )
    leading = LEADING_TYPE_MARKER.match(norm)
    if leading:
        found = found or type_from_words(leading["word"])
        stem = stem[leading.end() :]
    return tidy(stem), found


def cut_bracket_answer(stem: str) -> tuple[str, str]:
    """The stem with the answer in its brackets cut out (the brackets stay, empty: "（ ）"), and that answer as
    written ("" when the stem holds none). The last bracket holding only an answer is taken."""
    norm = match_form(stem)
    matches = list(BRACKET_ANSWER.finditer(norm))
    if not matches:
        return stem, ""
    match = matches[-1]
    opening, closing = stem[match.start()], stem[match.end() - 1]
    return tidy(f"{stem[: match.start()]}{opening} {closing}{stem[match.end() :]}"), match["answer"]


def cut_correct_marker(option: str) -> tuple[str, bool]:
    """The option without a trailing correct-answer marker, and whether it had one."""
    match = CORRECT_MARKER.search(match_form(option))
    if not match:
        return option, False
    return tidy(option[: match.start()]), True


# What a survey platform asks the respondent before the questions (fill-in lines, not questions).
RESPONDENT_WORDS = (
    "姓名", "名字", "单位", "部门", "手机", "电话", "联系方式", "工号", "身份证", "性别", "年龄", "职务", "职称",
    "岗位", "工会名称", "所在", "邮箱", "班组", "车间", "学历", "民族", "政治面貌",
)  # fmt: skip
RESPONDENT_MAX_CHARS = 14


def is_respondent_field(stem: str) -> bool:
    """A survey-platform respondent field (您的姓名：/ 单位 / 手机号码 / 性别 …): short, names a person's detail,
    has no answer blank "（ ）" and is not a question about something else ("工会的会员由谁……？")."""
    norm = match_form(stem).strip()
    if re.search(r"\(\s*\)", norm) or ("?" in norm and not norm.startswith(("您", "你", "请"))):
        return False
    text = re.sub(r"[_＿\s:*。.?()\[\]]+", "", norm)
    text = re.sub(r"^(?:请(?:填写|输入)?|您的|你的|填写)+", "", text)
    return 0 < len(text) <= RESPONDENT_MAX_CHARS and any(word in text for word in RESPONDENT_WORDS)


# ---- finishing ------------------------------------------------------------------------------------------


@dataclass
class _Checked:
    question: ParsedQuestion
    problems: list[str]


_OPTION_END = ";；,，、"


def _check(draft: Draft, *, opening: bool) -> _Checked | None:
    """One draft checked: None when it is a respondent field (not a question at all): a short line asking for
    姓名/单位/手机/性别 … without an answer, or any fill-in before the first question (`opening`)."""
    stem, options, raw_answer, marker_type = _cut_answer_sources(draft)
    declared = marker_type or type_from_words(draft.type_hint) or draft.section_type
    if not raw_answer and (is_respondent_field(stem) or (opening and declared == "fill" and not options)):
        return None
    answer = read_answer(raw_answer, has_options=bool(options)) if raw_answer else None
    question = ParsedQuestion(
        type=declared if declared in QUESTION_TYPES else _inferred_type(options, answer),
        stem=stem,
        options=options,
        answer=answer or "",
        explanation=tidy(draft.explanation),
        category=tidy(draft.category),
        difficulty=tidy(draft.difficulty),
        source=tidy(draft.source),
    )
    problems = ["题干为空"] if not stem else []
    problems += draft.problems
    if declared == "fill":
        return _Checked(question, [*problems, "暂不支持填空题、简答题，只能导入单选、多选和判断题"])
    if not raw_answer:
        problems.append("未找到答案")
    elif answer is None:
        problems.append(f"无法识别答案“{tidy(raw_answer)}”")
    problems += _check_judge(question) if question.type == "judge" else _check_choice(question)
    return _Checked(question, problems)


def _cut_answer_sources(draft: Draft) -> tuple[str, list[str], str, str]:
    """The stem without its type marker, the options without correct-answer markers, the answer as written
    (the answer line or column first, then the option markers, then the stem's brackets) and the marker's type.
    An answer in the brackets is cut out of the stem unless another answer disagrees with it (then the
    brackets were part of the text)."""
    stem, marker_type = cut_type_marker(tidy(draft.stem))
    options: list[str] = []
    marked = ""
    for letter, option in zip(LETTERS, draft.options, strict=False):
        text, is_correct = cut_correct_marker(tidy(option))
        options.append(text.rstrip(_OPTION_END).strip())
        marked += letter if is_correct else ""
    explicit = draft.answer.strip() or marked
    cut_stem, bracket = cut_bracket_answer(stem)
    if bracket and (
        not explicit
        or read_answer(bracket, has_options=bool(options)) == read_answer(explicit, has_options=bool(options))
    ):
        stem = cut_stem
    return stem, options, explicit or bracket, marker_type


def _inferred_type(options: list[str], answer: str | None) -> str:
    """The type when nothing declares it: judge without options (or with 对/错 options), multiple when the
    answer has more than one letter, else single."""
    if _judge_options(options) or (not options and answer in ("true", "false", None)):
        return "judge"
    return "multiple" if answer not in ("true", "false") and len(answer or "") > 1 else "single"


def _check_judge(question: ParsedQuestion) -> list[str]:
    """A judge question has no options; one written as A.正确 B.错误 with a letter answer is turned into one."""
    if question.options:
        words = _judge_options(question.options)
        if words and question.answer in ("A", "B"):
            question.answer = "true" if words["AB".index(question.answer)] in _JUDGE_OPTION_TRUE else "false"
            question.options = []
        elif question.answer in ("true", "false"):
            question.options = []
        else:
            return ["判断题不应有选项，答案应为“对”或“错”（√/×）"]
    if question.answer and question.answer not in ("true", "false"):
        return [f"判断题的答案应为“对”或“错”（√/×），而不是 {question.answer}"]
    return []


def _judge_options(options: list[str]) -> list[str]:
    """The two options of a judge question written as a choice (A.正确 B.错误, ○对 ○错), upper-cased; []
    when the options are anything else."""
    words = [match_form(o).strip("。. ").upper() for o in options]
    if len(words) != 2 or not all(w in _JUDGE_OPTION_TRUE | _JUDGE_OPTION_FALSE for w in words):
        return []
    one_of_each = (words[0] in _JUDGE_OPTION_TRUE) != (words[1] in _JUDGE_OPTION_TRUE)
    return words if one_of_each else []


def _check_choice(question: ParsedQuestion) -> list[str]:
    problems: list[str] = []
    count = len(question.options)
    if question.answer in ("true", "false"):
        problems.append("选择题的答案应为选项字母，而不是对/错")
    if count < MIN_OPTIONS:
        problems.append(f"选择题至少要有 {MIN_OPTIONS} 个选项，只找到 {count} 个")
    elif count > MAX_OPTIONS:
        problems.append(f"选项最多 {MAX_OPTIONS} 个，找到 {count} 个")
    for letter, option in zip(LETTERS, question.options, strict=False):
        if not option:
            problems.append(f"选项 {letter} 为空")
    if count >= MIN_OPTIONS and question.answer and question.answer not in ("true", "false"):
        outside = [c for c in question.answer if c not in LETTERS[:count]]
        if outside:
            problems.append(f"答案中的 {''.join(outside)} 不在选项中（选项为 A–{LETTERS[count - 1]}）")
        elif question.type == "single" and len(question.answer) > 1:
            problems.append(f"单选题只能有一个答案，找到 {question.answer}")
    return problems


def drafts_finish(drafts: list[Draft]) -> ParseResult:
    """Check every draft and build the result in file order. A question with any problem goes to `problems`
    only (all its problems in one message); of questions with the same normalised stem the first good one is
    kept and later ones are reported as "与第N题重复"."""
    result = ParseResult()
    first_seen: dict[str, int] = {}
    index = 0
    for draft in drafts:
        checked = _check(draft, opening=index == 0)
        if checked is None:
            continue
        index += 1
        problems = checked.problems
        key = stem_key(checked.question.stem)
        if not problems and key:
            if key in first_seen:
                problems = [f"与第{first_seen[key]}题重复"]
            else:
                first_seen[key] = index
        if problems:
            result.problems.append(ParseProblem(index=index, message="；".join(problems), line=draft.line))
        else:
            result.questions.append(checked.question)
    return result


# ---- options written on one line (text and spreadsheet cells) --------------------------------------------

OPTION_START = re.compile(
    r"^\s*(?P<bullet>[○◯●□☐■◎◇◆])?\s*(?:\(\s*(?P<paren>[A-Za-z])\s*\)|(?P<letter>[A-Za-z])\s*[.、:)])\s*"
)


def _next_option_marker(letter: str) -> re.Pattern[str]:
    """Where the option after the current one starts on the same line: " B." "B、" "(B)" (not inside a word)."""
    return re.compile(rf"(?<![A-Za-z0-9])(?:\(\s*{letter}\s*\)|{letter}\s*[.、:)])")


_NEXT_MARKERS = {letter: _next_option_marker(letter) for letter in LETTERS}


def split_options(text: str, first: str = "A") -> tuple[str, list[str]]:
    """Options written on one line: "A.xx B.xx C.xx" → ("", [xx, xx, xx]) when `text` starts at option `first`;
    for a stem with its options behind it, the text before option A is returned as the head. Letters must run
    in order (A, B, C …) to count as markers; otherwise the whole text is one option (or all head)."""
    norm = match_form(text)
    starts: list[tuple[int, int]] = []  # (marker start, text start)
    position, letter_index = 0, LETTERS.index(first)
    while letter_index < len(LETTERS):
        found = _NEXT_MARKERS[LETTERS[letter_index]].search(norm, position)
        if not found:
            break
        starts.append((found.start(), found.end()))
        position, letter_index = found.end(), letter_index + 1
    if not starts:
        return text, []
    head = text[: starts[0][0]]
    options = [
        text[begin : (starts[i + 1][0] if i + 1 < len(starts) else len(text))]
        for i, (_, begin) in enumerate(starts)
    ]
    return head, [o.strip() for o in options]
