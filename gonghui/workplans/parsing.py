"""Parse a 工作要点 document (.txt UTF-8/GB18030 or .docx) into sections → numbered items → activities.

Pure functions, no database: `workplan_parse_file(path)` / `workplan_parse_bytes(data, filename)` return a
`ParsedPlan`; `ParsedPlan.as_json()` is the document printed by `manage.py import_workplan --json`.
`WorkplanReadError` (with a Chinese message) means the file could not be read at all (.doc, bad encoding...).

The parser works in four passes over the document's paragraphs (one stripped, non-empty line each):

1. **read** — bytes → paragraphs (`read_paragraphs` in `plan_files.py`: UTF-8/GB18030/UTF-16 text, or .docx paragraphs and table
   rows in document order);
2. **unwrap** — the 通知 wrapper is recognised and removed (`_unwrap`): red head, 文号, the 通知 title, 主送, the
   notice text, 附件说明, signature and date, the 附件 marker, 版记 (抄送/印发); what is left is the plan's title,
   an optional adoption line（……通过）, the preamble and the body;
3. **classify** — every body line gets a `Line` (`classify_line`): a numbered section heading (一、), a marked
   line (（一） (一) / 1. 1． 1、 / 一是 / （1） / ① / —— ◆ ● ·), a month line (3月：, 7—8月：) or plain text (with its
   一是、二是 run-on split when there is one);
4. **build** — lines are cut into sections at numbered headings or unnumbered short headings
   (`_split_sections`), a month schedule at the end becomes its own last section (`_split_schedule`), and in
   every section the coarsest marker present numbers the items while finer markers, and short unmarked
   paragraphs right after an item, are its activities (`_build_items`). Long or continuing paragraphs extend
   the item's text, and so do paragraphs longer than one line right after it when one-line (or marked)
   activities follow them (`_runs_on`); closing paragraphs (各单位要……, ……！) after a section's last item are
   dropped once it has activities or when nothing but closing text follows.
"""

import datetime
import enum
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .numerals import CN_NUM, date_in, int_to_cn
from .plan_files import WorkplanReadError, read_paragraphs, tidy


@dataclass
class ParsedItem:
    number: str  # the marker as printed: "（一）", "1", "一是", "3月", "7—8月"
    text: str  # without the marker
    activities: list[str] = field(default_factory=list)


@dataclass
class ParsedSection:
    title: str  # without its number or trailing punctuation
    items: list[ParsedItem] = field(default_factory=list)


@dataclass
class ParsedPlan:
    title: str
    doc_number: str | None
    issuer: str
    date: datetime.date | None
    sections: list[ParsedSection] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "date": self.date.isoformat() if self.date else None,
            "sections": [
                {
                    "title": s.title,
                    "items": [
                        {"number": i.number, "text": i.text, "activities": list(i.activities)}
                        for i in s.items
                    ],
                }
                for s in self.sections
            ],
        }


def parsed_plan_from_dict(data: dict[str, Any]) -> ParsedPlan:
    """The inverse of `ParsedPlan.as_json()`: the import preview keeps the parsed tree in the session."""
    date = datetime.date.fromisoformat(data["date"]) if data.get("date") else None
    return ParsedPlan(
        title=str(data.get("title") or ""),
        doc_number=data.get("doc_number"),
        issuer=str(data.get("issuer") or ""),
        date=date,
        sections=[
            ParsedSection(
                title=str(s.get("title") or ""),
                items=[
                    ParsedItem(
                        number=str(i["number"]),
                        text=str(i["text"]),
                        activities=[str(a) for a in i["activities"]],
                    )
                    for i in s.get("items", [])
                ],
            )
            for s in data.get("sections", [])
        ],
    )


# ---- tuning ----------------------------------------------------------------------------------------------

ACTIVITY_MAX_CHARS = 120  # an unmarked paragraph after an item longer than this continues the item's text
ONE_LINE_CHARS = 30  # a one-line paragraph (a 公文 line holds 28 characters): an activity, never run-on text
HEADING_MAX_CHARS = 40  # an unnumbered section heading is at most this long
TITLE_MAX_CHARS = 80
SCHEDULE_TITLE = "月度工作安排"  # a month schedule without its own heading
TERMINAL_PUNCTUATION = "。；;！!？?：:，,、…"

# ---- 2. the notice wrapper -------------------------------------------------------------------------------

REDHEAD_RE = re.compile(r"^(?P<issuer>.{2,30}?)\s*文\s*件$")
DOC_NUMBER_RE = re.compile(
    r"(?P<number>[\u4e00-\u9fff]{1,12}\s*[〔［\[【(（]\s*\d{4}\s*[〕］\]】)）]\s*第?\s*\d{1,4}\s*号)"
)
NOTICE_TITLE_RE = re.compile(r"^.{0,60}通\s*知$")
WORK_IN_NOTICE_RE = re.compile(r"《(?P<title>[^《》]+)》|^关于(?:印发|下发|转发)?(?P<plain>.+?)的?通知$")
ATTACHMENT_MARK_RE = re.compile(r"^附\s*件\s*\d{0,2}\s*[：:]?\s*(?P<rest>.*)$")
ADOPTION_RE = re.compile(r"^[（(](?P<inner>.{6,80})[）)]$")
IMPRINT_RE = re.compile(
    r"^(?:抄送|抄报|主题词|签发人|联系人|发送)\s*[：:]"
    r"|日\s*印\s*发$|^共印\s*\d+\s*份"
    r"|^[—─━_\-=＝]{3,}$"
    r"|^[（(](?:此件|联系人)[^）)]*[）)]$"
)
TITLE_END_RE = re.compile(r"(?:要点|计划|安排|方案|思路|重点|任务)$")
YEAR_IN_TITLE_RE = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年")


@dataclass
class _Unwrapped:
    title: str = ""
    doc_number: str | None = None
    issuer: str = ""
    date: datetime.date | None = None
    body: list[str] = field(default_factory=list)


def _unwrap(paragraphs: list[str]) -> _Unwrapped:
    lines = [p for p in paragraphs if not IMPRINT_RE.search(p)]
    result = _Unwrapped()
    start = _read_head(lines, result)
    notice = _find_notice_title(lines, start)
    if notice is None:
        result.title, result.body = _read_title(lines[start:])
        _read_trailing_signature(result)
    else:
        _read_notice(lines, notice, result)
    _read_adoption_line(result)
    if not result.issuer:
        year = YEAR_IN_TITLE_RE.search(result.title)
        result.issuer = result.title[: year.start()].strip() if year else ""
    return result


def _read_head(lines: list[str], result: _Unwrapped) -> int:
    """Red head (……文件) and 文号 at the top; returns the index of the first line after them."""
    start = 0
    if lines and (redhead := REDHEAD_RE.match(lines[0])):
        result.issuer = redhead["issuer"]
        start = 1
    for index in range(start, min(start + 3, len(lines))):
        line = lines[index]
        if len(line) <= 50 and (number := DOC_NUMBER_RE.search(line)):
            result.doc_number = re.sub(r"\s+", "", number["number"])
            return index + 1
    return start


def _find_notice_title(lines: list[str], start: int) -> tuple[int, int, str] | None:
    """(first, end, text) of a 通知 title near the top, which may run over up to three lines."""
    for first in range(start, min(start + 3, len(lines))):
        joined = ""
        for end in range(first, min(first + 3, len(lines))):
            if "。" in lines[end]:
                break
            joined += lines[end]
            if NOTICE_TITLE_RE.match(joined):
                return first, end + 1, joined
    return None


def _read_notice(lines: list[str], notice: tuple[int, int, str], result: _Unwrapped) -> None:
    _first, end, notice_title = notice
    date_at = next((i for i in range(end, len(lines)) if date_in(lines[i], whole=True)), None)
    if date_at is None:  # no signature: the plan is the notice's own text
        result.title, result.body = _title_from_notice(notice_title), lines[end:]
        return
    result.date = date_in(lines[date_at], whole=True)
    signature_at = date_at - 1
    if signature_at >= end and _looks_like_signature(lines[signature_at]):
        result.issuer = lines[signature_at]
    else:
        signature_at = date_at
    rest = lines[date_at + 1 :]
    if rest:  # the plan is attached after the signature
        result.title, result.body = _read_title(rest)
        _read_trailing_signature(result)
    else:  # the plan is the notice's text, between 主送 and the signature
        result.title, result.body = _title_from_notice(notice_title), lines[end:signature_at]
    if not result.title:
        result.title = _title_from_notice(notice_title)


def _title_from_notice(notice_title: str) -> str:
    match = WORK_IN_NOTICE_RE.search(notice_title)
    if match is None:
        return notice_title
    return match["title"] or match["plain"]


def _looks_like_signature(line: str) -> bool:
    return (
        len(line) <= 40
        and line[-1] not in TERMINAL_PUNCTUATION
        and not ATTACHMENT_MARK_RE.match(line)
        and classify_line(line).kind is Kind.PLAIN
    )


def _read_title(lines: list[str]) -> tuple[str, list[str]]:
    """The plan's own title at the top of `lines` (after any 附件 marker; a title broken over two lines is
    joined); returns (title, the lines after it)."""
    index = 0
    while index < len(lines) and (mark := ATTACHMENT_MARK_RE.match(lines[index])):
        if mark["rest"] and index + 1 < len(lines) and not _is_title_line(lines[index + 1]):
            return mark["rest"], lines[index + 1 :]  # 附件：<title> with the plan right under it
        index += 1
    if index >= len(lines) or not _is_title_line(lines[index]):
        return "", lines[index:]
    title = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if (
        not TITLE_END_RE.search(title)
        and _is_title_line(following)
        and TITLE_END_RE.search(title + following)
    ):
        return title + following, lines[index + 2 :]
    return title, lines[index + 1 :]


def _is_title_line(line: str) -> bool:
    return (
        0 < len(line) <= TITLE_MAX_CHARS
        and line[-1] not in TERMINAL_PUNCTUATION
        and classify_line(line).kind is Kind.PLAIN
        and date_in(line, whole=True) is None
        and not ADOPTION_RE.match(line)
    )


def _read_trailing_signature(result: _Unwrapped) -> None:
    """A plan standing alone may end with its issuer and date."""
    body = result.body
    if not body or (date := date_in(body[-1], whole=True)) is None:
        return
    body.pop()
    result.date = result.date or date
    if body and _looks_like_signature(body[-1]):
        signature = body.pop()
        result.issuer = result.issuer or signature


def _read_adoption_line(result: _Unwrapped) -> None:
    """（2023年2月20日市教科文卫体工会四届三次全委会议通过）right under the title."""
    if result.body and (match := ADOPTION_RE.match(result.body[0])):
        date = date_in(match["inner"])
        if date is not None:
            result.body.pop(0)
            result.date = result.date or date


# ---- 3. the line classifier ------------------------------------------------------------------------------


class Kind(enum.Enum):
    SECTION = "section"  # 一、加强思想引领
    MARKED = "marked"  # a list marker, see Style
    MONTH = "month"  # 3月：…  7—8月：…
    PLAIN = "plain"


class Style(enum.IntEnum):
    """List markers from coarse to fine; which one numbers the items is decided per section."""

    PAREN_CHINESE = 1  # （一） (一)
    ARABIC = 2  # 1. 1． 1、
    SHI = 3  # 一是 starting a line of its own
    PAREN_ARABIC = 4  # （1） (1)
    CIRCLED = 5  # ①
    BULLET = 6  # —— ◆ ● ·


SECTION_RE = re.compile(rf"^(?P<number>{CN_NUM}{{1,3}})\s*[、．.]\s*(?P<text>.+)$")
MARKER_RES: tuple[tuple[Style, re.Pattern[str]], ...] = (
    (Style.PAREN_CHINESE, re.compile(rf"^(?P<number>[（(]\s*{CN_NUM}{{1,3}}\s*[）)])\s*(?P<text>.*)$")),
    (Style.ARABIC, re.compile(r"^(?P<number>[0-9０-９]{1,2})\s*[.．、](?![0-9０-９])\s*(?P<text>.*)$")),
    (Style.PAREN_ARABIC, re.compile(r"^(?P<number>[（(]\s*[0-9０-９]{1,2}\s*[）)])\s*(?P<text>.*)$")),
    (Style.CIRCLED, re.compile(r"^(?P<number>[①-⑳])\s*(?P<text>.*)$")),
    (Style.BULLET, re.compile(r"^(?P<number>—{1,2}|－{1,2}|-{1,2}|[◆◇●○•·・▪■□★☆►▶√])\s*(?P<text>.+)$")),
)
_MONTH = r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})"
MONTH_RE = re.compile(
    rf"^(?P<number>{_MONTH}月?(?:\s*[—–\-~～至到]{{1,2}}\s*{_MONTH})?月份?(?:[上中下]旬)?)\s*(?:[：:]|\s)\s*(?P<text>.*)$"
)
SHI_RE = re.compile(rf"^(?P<number>{CN_NUM}{{1,3}}是)\s*[，,：:]?\s*(?P<text>.+)$")
RUNON_BOUNDARY = "。；;，,：:！!？? 　"


@dataclass(frozen=True)
class Line:
    text: str  # the whole line as printed
    kind: Kind
    style: Style | None = None  # for MARKED
    number: str = ""  # the marker as printed (without the dot of "1.")
    body: str = ""  # the text after the marker; for PLAIN the whole text
    runon: tuple[tuple[str, str], ...] = ()  # PLAIN with 一是…二是…: ((number, text), ...)


def classify_line(text: str) -> Line:
    if match := SECTION_RE.match(text):
        return Line(text, Kind.SECTION, number=match["number"], body=match["text"])
    for style, pattern in MARKER_RES:
        if match := pattern.match(text):
            number = re.sub(r"\s+", "", match["number"])
            return Line(text, Kind.MARKED, style=style, number=number, body=match["text"].strip())
    if match := MONTH_RE.match(text):
        return Line(text, Kind.MONTH, number=re.sub(r"\s+", "", match["number"]), body=match["text"].strip())
    _lead, parts = split_runon(text)
    if not parts and (match := SHI_RE.match(text)):
        return Line(text, Kind.MARKED, style=Style.SHI, number=match["number"], body=match["text"].strip())
    return Line(text, Kind.PLAIN, body=text, runon=tuple(parts))


def split_runon(text: str) -> tuple[str, list[tuple[str, str]]]:
    """ "重点抓好：一是…；二是…。" → ("重点抓好", [("一是", "…"), ("二是", "…。")]); no split unless 一是 and 二是
    both start a clause, in order."""
    starts: list[tuple[int, str]] = []
    position = 0
    for n in range(1, 100):
        marker = f"{int_to_cn(n)}是"
        found = _find_clause_start(text, marker, position)
        if found < 0:
            break
        starts.append((found, marker))
        position = found + len(marker)
    if len(starts) < 2:
        return "", []
    lead = text[: starts[0][0]].rstrip(RUNON_BOUNDARY)
    parts: list[tuple[str, str]] = []
    for index, (at, marker) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        parts.append((marker, text[at + len(marker) : end].strip().rstrip("；;，, 　").lstrip("，,：: ")))
    return lead, parts


def _find_clause_start(text: str, marker: str, position: int) -> int:
    found = text.find(marker, position)
    while found > 0 and text[found - 1] not in RUNON_BOUNDARY:
        found = text.find(marker, found + 1)
    return found


# ---- 4. sections, items, activities ----------------------------------------------------------------------

CLOSING_RE = re.compile(
    r"^(?:各|全市|全县|全区|全系统|全体|请|希望|以上|本(?:要点|计划|方案|安排)).*(?:要|务必|应当|认真|切实|确保|结合实际)"
    r"|[！!]$"
)
CONTINUATION_RE = re.compile(r"^(?:同时|此外|另外|并且|其中|特别是|尤其是|在此基础上|与此同时|对此|为此)")


@dataclass
class _RawSection:
    title: str
    lines: list[Line] = field(default_factory=list)


def _is_heading_shape(text: str, line: Line | None) -> bool:
    """Short, no sentence punctuation at the end, no marker, no date, no 一是 run-on."""
    line = line or classify_line(text)
    return (
        line.kind is Kind.PLAIN
        and len(text) <= HEADING_MAX_CHARS
        and text[-1] not in TERMINAL_PUNCTUATION
        and not line.runon
        and date_in(text, whole=True) is None
    )


def _opens_items(line: Line) -> bool:
    return (
        (line.kind is Kind.MARKED and line.style is not Style.BULLET)
        or line.kind is Kind.MONTH
        or bool(line.runon)
    )


def _opener_rank(line: Line) -> int:
    """How coarse an item-opening line is: a month line 0, then the Style order (a run-on counts as 一是)."""
    if line.kind is Kind.MONTH:
        return 0
    return Style.SHI if line.runon or line.style is None else line.style


def _is_unnumbered_heading(lines: list[Line], index: int, first_rank: int) -> bool:
    """An unnumbered short heading line is followed directly by a month line or by an item marker at least as
    coarse as the plan's first item's (so a short unpunctuated activity before 1. lines is no heading)."""
    line = lines[index]
    if index + 1 >= len(lines) or not _is_heading_shape(line.text, line):
        return False
    following = lines[index + 1]
    return _opens_items(following) and _opener_rank(following) <= first_rank


def _split_sections(lines: list[Line]) -> list[_RawSection]:
    """Cut the body at section headings; lines before the first one are the preamble (dropped). A plan that
    numbers its sections 一、二、 has no unnumbered headings (except before a month schedule); neither has a
    plan whose items start right away (its items go into one section without a title); a heading never follows
    a heading directly."""
    first_item = next((line for line in lines if _opens_items(line) and line.kind is not Kind.MONTH), None)
    numbered = any(line.kind is Kind.SECTION for line in lines)
    first_rank = 0 if numbered or first_item is None else _opener_rank(first_item)
    sections: list[_RawSection] = []
    for index, line in enumerate(lines):
        if line.kind is Kind.SECTION:
            title, rest = _heading_title(line.body)
            sections.append(_RawSection(title))
            if rest:
                sections[-1].lines.append(classify_line(rest))
        elif _is_unnumbered_heading(lines, index, first_rank) and not (sections and not sections[-1].lines):
            sections.append(_RawSection(_clean_title(line.text)))
        elif sections:
            sections[-1].lines.append(line)
        elif _opens_items(line) and line.kind is not Kind.PLAIN:
            sections.append(_RawSection("", [line]))
            first_rank = 0
    return sections


def _heading_title(text: str) -> tuple[str, str]:
    """ "加强思想引领。一是…" → ("加强思想引领", "一是…")."""
    match = re.search(r"[。：:]", text)
    if match is None or match.end() == len(text):
        return _clean_title(text), ""
    return _clean_title(text[: match.start()]), text[match.end() :].strip()


def _clean_title(text: str) -> str:
    return text.strip().rstrip(TERMINAL_PUNCTUATION + " 　")


def _split_schedule(sections: list[_RawSection]) -> list[_RawSection]:
    """Month lines after the last item of the last section are a schedule: its own last section."""
    if not sections:
        return sections
    last = sections[-1]
    first_month = next((i for i, line in enumerate(last.lines) if line.kind is Kind.MONTH), None)
    if first_month is None:
        return sections
    level = _item_level(last.lines[:first_month])
    if level is None:
        return sections  # the section is itself the schedule
    item_lines = [i for i, line in enumerate(last.lines) if _is_item_line(line, level)]
    start = next(
        (i for i in range(item_lines[-1] + 1, len(last.lines)) if last.lines[i].kind is Kind.MONTH), None
    )
    if start is None:
        return sections
    schedule = _RawSection(SCHEDULE_TITLE, last.lines[start:])
    last.lines = last.lines[:start]
    return [*sections, schedule]


class _Level(enum.Enum):
    MONTH = "month"
    RUNON = "runon"


type ItemLevel = Style | _Level


def _item_level(lines: list[Line]) -> ItemLevel | None:
    """Which lines number the items of a section: a month schedule's month lines, else the coarsest numbered
    marker present, else 一是、二是 run-ons, else bullets."""
    structural = [line for line in lines if line.kind in (Kind.MARKED, Kind.MONTH)]
    if structural and structural[0].kind is Kind.MONTH:
        return _Level.MONTH
    numbered = [
        line.style for line in structural if line.style is not None and line.style is not Style.BULLET
    ]
    if numbered:
        return min(numbered)
    if any(line.kind is Kind.MONTH for line in lines):
        return _Level.MONTH
    if any(line.runon for line in lines):
        return _Level.RUNON
    if any(line.style is Style.BULLET for line in lines):
        return Style.BULLET
    return None


def _is_item_line(line: Line, level: ItemLevel) -> bool:
    if level is _Level.MONTH:
        return line.kind is Kind.MONTH
    if level is _Level.RUNON:
        return line.kind is Kind.PLAIN and bool(line.runon)
    return line.kind is Kind.MARKED and line.style is level


def _items_of(line: Line, level: ItemLevel) -> list[ParsedItem]:
    if level is _Level.RUNON:
        return [ParsedItem(number, text) for number, text in line.runon]
    return [ParsedItem(line.number, line.body)]


def _build_items(lines: list[Line]) -> list[ParsedItem]:
    level = _item_level(lines)
    if level is None:
        return []
    item_at = [i for i, line in enumerate(lines) if _is_item_line(line, level)]
    items: list[ParsedItem] = []
    closed = False
    for index, line in enumerate(lines):
        if _is_item_line(line, level):
            items.extend(_items_of(line, level))
            closed = False
        elif not items or closed:
            continue  # the section's introduction, or what follows its closing paragraph
        elif not items[-1].activities and _runs_on(lines, index, level):
            items[-1].text = f"{items[-1].text}\n{line.text}" if items[-1].text else line.text
        elif line.kind is Kind.MARKED:
            items[-1].activities.append(line.body)
        else:
            rest = lines[index + 1 :]
            closed = _attach_paragraph(
                items[-1], line.text, trailing=index > item_at[-1], last=all(_is_closing(r) for r in rest)
            )
    return items


def _is_one_line_activity(line: Line) -> bool:
    """A marked activity, or an unmarked paragraph of one line that does not close the section."""
    if line.kind is Kind.MARKED:
        return True
    return line.kind is Kind.PLAIN and len(line.text) <= ONE_LINE_CHARS and not CLOSING_RE.search(line.text)


def _is_prose(line: Line) -> bool:
    return line.kind is Kind.PLAIN and not line.runon and len(line.text) > ONE_LINE_CHARS


def _runs_on(lines: list[Line], index: int, level: ItemLevel) -> bool:
    """The item's text runs on in this unmarked paragraph (the item has no activity yet): it is longer than one
    line and the paragraphs longer than one line from here on are followed by a one-line (or marked) activity.
    "（一）…。" / a second paragraph of prose / "开展……评选。" / "组织……。": the prose is item text."""
    if not _is_prose(lines[index]):
        return False
    end = index
    while end < len(lines) and _is_prose(lines[end]):
        end += 1
    return end < len(lines) and not _is_item_line(lines[end], level) and _is_one_line_activity(lines[end])


def _is_closing(line: Line) -> bool:
    return line.kind is Kind.PLAIN and bool(CLOSING_RE.search(line.text))


def _attach_paragraph(item: ParsedItem, text: str, *, trailing: bool, last: bool) -> bool:
    """An unmarked paragraph after an item: an activity when short, else it continues the item's text; after
    the section's last item a closing paragraph (各单位要……) ends the section — once the item has activities or
    when only closing paragraphs follow (before them, 各级工会要…… is the item's text). Returns whether it
    closed."""
    if trailing and CLOSING_RE.search(text) and (item.activities or last):
        return True
    if len(text) <= HEADING_MAX_CHARS and text[-1] in "：:":
        return False  # "具体工作：" introduces the activities
    if _continues(item, text):
        item.text = f"{item.text}\n{text}" if item.text else text
    else:
        item.activities.append(text)
    return False


def _continues(item: ParsedItem, text: str) -> bool:
    """The paragraph is more of the item's text: it is long, starts like a continuation (同时，……), exhorts
    (各单位要……), or it is the body under an item printed as a bare heading (（一）加强思想引领)."""
    bare_heading = not item.activities and (
        not item.text
        or (
            "\n" not in item.text
            and len(item.text) <= HEADING_MAX_CHARS
            and item.text[-1] not in TERMINAL_PUNCTUATION
        )
        or item.text[-1] in "，,、"  # the sentence goes on in the next paragraph
    )
    return (
        bare_heading
        or len(text) > ACTIVITY_MAX_CHARS
        or bool(CONTINUATION_RE.match(text) or CLOSING_RE.search(text))
    )


# ---- entry points ----------------------------------------------------------------------------------------


def workplan_parse_text(paragraphs: list[str], filename: str = "") -> ParsedPlan:
    """Parse the paragraphs of a document (one per entry, as read from the file)."""
    unwrapped = _unwrap([p for p in (tidy(p) for p in paragraphs) if p])
    body = [classify_line(text) for text in unwrapped.body]
    sections = _split_schedule(_split_sections(body))
    title = unwrapped.title or Path(filename).stem
    return ParsedPlan(
        title=title,
        doc_number=unwrapped.doc_number,
        issuer=unwrapped.issuer,
        date=unwrapped.date,
        sections=[ParsedSection(raw.title, _build_items(raw.lines)) for raw in sections],
    )


def workplan_parse_bytes(data: bytes, filename: str) -> ParsedPlan:
    return workplan_parse_text(read_paragraphs(data, filename), filename)


_OS_ERRORS = {
    FileNotFoundError: "文件不存在",
    IsADirectoryError: "这是一个文件夹",
    PermissionError: "没有读取权限",
}


def workplan_parse_file(path: str | Path) -> ParsedPlan:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        reason = _OS_ERRORS.get(type(exc), exc.strerror or str(exc))
        raise WorkplanReadError(f"无法读取文件 {p.name}：{reason}") from exc
    return workplan_parse_bytes(data, p.name)
