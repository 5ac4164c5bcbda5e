"""Property tests: any plan generated here, rendered to text in one of the layouts the parser knows (numbered or
unnumbered sections; （一）/(一)/1./1．/一是 items or 一是…；二是… run-ons; an item's text running on in further
paragraphs of prose before its one-line activities; unmarked, ——, ◆, ●, · or finer-numbered activities; a notice
wrapper or a standalone title with an adoption line; a month schedule with or without its heading; a closing
paragraph), as UTF-8 or GB18030 text or as .docx, parses back to the same tree, title, 文号, issuer and date."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.workplans.numerals import int_to_cn
from gonghui.workplans.parsing import (
    ONE_LINE_CHARS,
    SCHEDULE_TITLE,
    ParsedItem,
    ParsedPlan,
    ParsedSection,
    workplan_parse_bytes,
)
from gonghui.workplans.plan_files import WorkplanReadError
from gonghui.workplans.tests.test_parsing import docx_bytes

# Characters that cannot form a marker, a month, a date, a run-on (是), a closing or continuation cue, a 文件/通知
# line or sentence punctuation.
SAFE = "工会职工服务建设组织开展推进加强活动教育文化培训学习竞赛技能创新权益帮扶慰问宣传思想引领质量改革民主管理制度体系网络平台基层单位队伍劳模工匠精神"


def words(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=SAFE, min_size=min_size, max_size=max_size)


sentences = st.one_of(words(4, 20), words(40, 200)).map(lambda t: t + "。")
one_line = words(4, 20).map(lambda t: t + "。")
long_activity = words(60, 119).map(
    lambda t: t + "。"
)  # up to the 120 characters an unmarked activity may have
# short and long ones; long ones first only when no one-line activity follows them (that is the run-on shape)
activities = st.one_of(
    st.builds(lambda first, rest: [first, *rest], one_line, st.lists(one_line | long_activity, max_size=2)),
    st.lists(long_activity, max_size=3),
)
# the item's text running on in further paragraphs longer than one line (prose, an exhortation, a sentence of
# two clauses), before one-line activities
prose = st.one_of(
    words(31, 119).map(lambda t: t + "。"),
    words(121, 200).map(lambda t: t + "。"),
    words(30, 80).map(lambda t: f"各级工会要{t}。"),
    st.builds(lambda a, b: f"{a}。{b}。", words(15, 40), words(15, 40)),
)
runons = st.lists(prose, max_size=2)
items = st.lists(st.tuples(sentences, runons, activities), min_size=1, max_size=4)
sections = st.lists(st.tuples(words(4, 20), items), min_size=1, max_size=4)
months = st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True).map(sorted)
dates = st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31))

ITEM_MARKERS = {
    "paren": lambda n: (f"（{int_to_cn(n)}）", f"（{int_to_cn(n)}）"),
    "half_paren": lambda n: (f"({int_to_cn(n)})", f"({int_to_cn(n)})"),
    "arabic": lambda n: (f"{n}.", str(n)),
    "arabic_fullwidth": lambda n: (f"{n}．", str(n)),
    "shi": lambda n: (f"{int_to_cn(n)}是", f"{int_to_cn(n)}是"),
    "runon": lambda n: (
        f"{int_to_cn(n)}是",
        f"{int_to_cn(n)}是",
    ),  # all of a section's items in one paragraph
}
ACTIVITY_MARKERS = {
    "unmarked": lambda n: "",
    "dash": lambda n: "——",
    "diamond": lambda n: "◆ ",
    "dot": lambda n: "● ",
    "middle_dot": lambda n: "·",
    "paren_arabic": lambda n: f"（{n}）",
}


def chinese_date(day: datetime.date) -> str:
    digits = "〇一二三四五六七八九"
    year = "".join(digits[int(d)] for d in str(day.year))
    return f"{year}年{int_to_cn(day.month)}月{int_to_cn(day.day)}日"


@st.composite
def rendered_plans(draw: st.DrawFn) -> tuple[str, ParsedPlan]:
    issuer = draw(words(4, 12)) + "工会"
    year = draw(st.integers(2000, 2099))
    title = f"{issuer}{year}年工作要点"
    day = draw(dates)
    numbered = draw(st.booleans())
    item_style = draw(st.sampled_from(sorted(ITEM_MARKERS)))
    activity_style = draw(st.sampled_from(sorted(ACTIVITY_MARKERS)))
    restart = draw(st.booleans())
    wrapped = draw(st.booleans())
    doc_number = f"{draw(words(1, 4))}〔{year}〕{draw(st.integers(1, 99))}号" if draw(st.booleans()) else None

    lines: list[str] = []
    if wrapped:
        lines += [
            doc_number or "",
            f"关于印发《{title}》的通知",
            "各基层工会：",
            "现将工作要点印发给你们，请认真贯彻落实。",
        ]
        lines += [f"附件：{title}", issuer, f"{day.year}年{day.month}月{day.day}日", "附件：", title]
    else:
        lines += [doc_number or "", title, f"（{chinese_date(day)}{issuer}全委会议通过）"]
    lines.append("全年工作的总体要求是：" + draw(words(10, 80)) + "。")

    expected: list[ParsedSection] = []
    counter = 0
    for index, (section_title, section_items) in enumerate(draw(sections), 1):
        lines.append(f"{int_to_cn(index)}、{section_title}" if numbered else section_title)
        section = ParsedSection(section_title)
        counter = 0 if restart or item_style == "runon" else counter
        if item_style == "runon":
            cores = [text.removesuffix("。") for text, _runons, _acts in section_items]
            lead = draw(st.sampled_from(["", "重点抓好以下工作："])) if len(cores) > 1 else ""
            lines.append(
                lead + "；".join(f"{int_to_cn(n)}是{core}" for n, core in enumerate(cores, 1)) + "。"
            )
            texts = [*cores[:-1], cores[-1] + "。"]
            section.items = [ParsedItem(f"{int_to_cn(n)}是", text) for n, text in enumerate(texts, 1)]
            expected.append(section)
            continue
        for text, more, acts in section_items:
            counter += 1
            printed, number = ITEM_MARKERS[item_style](counter)
            lines.append(printed + text)
            first_marked = activity_style != "unmarked" or (acts and len(acts[0]) <= ONE_LINE_CHARS)
            runs_on = more if acts and first_marked else []  # run-on text needs an activity after it
            lines += runs_on
            for n, activity in enumerate(acts, 1):
                lines.append(ACTIVITY_MARKERS[activity_style](n) + activity)
            section.items.append(ParsedItem(number, "\n".join([text, *runs_on]), list(acts)))
        expected.append(section)

    if draw(st.booleans()):
        lines.append("各基层工会要结合实际，认真组织实施，确保各项工作落到实处。")
    schedule = draw(st.one_of(st.none(), months))
    if schedule is not None:
        heading = draw(st.sampled_from(["", "全年工作安排"]))
        if heading:
            lines.append(f"{int_to_cn(len(expected) + 1)}、{heading}" if numbered else heading)
        section = ParsedSection(heading or SCHEDULE_TITLE)
        for month in schedule:
            text = draw(sentences)
            lines.append(f"{month}月：{text}")
            section.items.append(ParsedItem(f"{month}月", text))
        expected.append(section)
    if draw(st.booleans()):
        lines.append("全系统广大职工要团结一心，为高质量发展作出新的更大贡献！")

    separator = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    text = separator.join(line for line in lines if line)
    plan = ParsedPlan(title=title, doc_number=doc_number, issuer=issuer, date=day, sections=expected)
    return text, plan


@settings(max_examples=80, deadline=None)
@given(rendered_plans(), st.sampled_from(["utf-8", "gb18030", "docx"]))
def test_rendered_plans_parse_back_to_the_same_tree(rendered, encoding):
    text, expected = rendered
    if encoding == "docx":
        data, name = docx_bytes(text.splitlines()), "plan.docx"
    else:
        data, name = text.encode(encoding), "plan.txt"
    assert workplan_parse_bytes(data, name).as_json() == expected.as_json()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["a.txt", "a.docx", "a", "a.doc"]))
def test_any_bytes_either_parse_or_raise_the_read_error(data, filename):
    """Garbage never escapes as another exception: it parses (to something) or is refused with a message."""
    try:
        workplan_parse_bytes(data, filename).as_json()
    except WorkplanReadError as exc:
        refused = str(exc)
    else:
        refused = ""
    assert refused == "" or refused.startswith(f"无法读取文件 {filename}：")
