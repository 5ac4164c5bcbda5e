"""公文 typography per GB/T 9704, read back from the PDF with pypdf: the body in a FangSong face, titles broken
between words, page numbers "— n —" right on odd and left on even pages, the 版记 at the foot of the last page;
and the .docx: body font 仿宋_GB2312, the title broken at the same places."""

import io
from dataclasses import dataclass
from itertools import pairwise

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from gonghui.core import pdf
from gonghui.documents.models import Document
from gonghui.documents.output import document_docx, document_pdf
from gonghui.orgs.models import Org

# Hand-segmented titles: a line may break only at a "/".
SAMPLE_TITLES = (
    "关于/印发/《/市教科文卫体工会/2026年/工作/要点/》/的/通知",
    "关于/开展/2026年度/全市/教育/系统/职工/职业/技能/竞赛/暨/劳动/技能/大比武/活动/的/通知",
    "焦作市总工会/关于/做好/困难/职工/帮扶/工作/的/实施/意见",
    "关于/表彰/2025年度/先进/基层/工会/组织/和/优秀/工会工作者/的/决定",
    "中华全国总工会/办公厅/关于/进一步/加强/基层/工会/规范化/建设/的/指导/意见",
    "市教科文卫体工会/关于/转发/《/河南省总工会/关于/深入/开展/“/安康杯/”/竞赛/活动/的/通知/》/的/通知",
    "关于/进一步/做好/新就业/形态/劳动者/入会/和/服务/工作/的/通知",
    "关于/召开/市教科文卫体工会/第三届/委员会/第五次/全体/委员/（/扩大/）/会议/的/通知",
)
needs_icu = pytest.mark.skipif(pdf._icu() is None, reason="libicu (libicuuc) is not installed")
# Read back from the PDF (one rendering each, so a few).
PDF_SAMPLES = (SAMPLE_TITLES[1], SAMPLE_TITLES[5])


def _allowed_breaks(annotated: str) -> set[int]:
    positions, offset = set(), 0
    for word in annotated.split("/")[:-1]:
        offset += len(word)
        positions.add(offset)
    return positions


def _assert_breaks_between_words(annotated: str, lines: list[str]) -> None:
    title = annotated.replace("/", "")
    assert "".join(lines) == title
    offsets = [sum(len(line) for line in lines[:index]) for index in range(1, len(lines))]
    inside = [
        title[offset - 2 : offset + 2] for offset in offsets if offset not in _allowed_breaks(annotated)
    ]
    assert not inside, f"{lines} breaks inside a word at {inside}"


@needs_icu
@pytest.mark.parametrize("annotated", SAMPLE_TITLES)
def test_title_lines_break_between_words_and_fit_the_measure(annotated):
    title = annotated.replace("/", "")
    lines = pdf.title_lines(title)
    _assert_breaks_between_words(annotated, lines)
    assert len(lines) == (1 if len(title) <= 19 else 2 if len(title) <= 38 else 3)
    assert not any(line[0] in "，。、》）”" or line[-1] in "《（“" for line in lines)  # 禁则


def test_title_lines_without_icu_still_break_at_safe_places(monkeypatch):
    # given: a server without libicu, so the rule-based segmentation is used
    monkeypatch.setattr(pdf, "_icu", lambda: None)
    for annotated in (SAMPLE_TITLES[2], SAMPLE_TITLES[3], SAMPLE_TITLES[7]):
        # then: breaks fall at punctuation, around 关于/的/和, never inside a word
        lines = pdf.title_lines(annotated.replace("/", ""))
        assert len(lines) == 2
        _assert_breaks_between_words(annotated, lines)


def test_title_lines_keep_a_short_title_on_one_line_and_digits_with_their_unit():
    assert pdf.title_lines("关于开展读书月活动的通知") == ["关于开展读书月活动的通知"]
    for line in pdf.title_lines("关于公布2026年度第12批职工创新工作室和2026年度劳模创新工作室名单的通知"):
        assert not line.startswith(("年", "批"))


TITLE_PARTS = (
    *{word for annotated in SAMPLE_TITLES for word in annotated.split("/")},
    "AI",
    "2026—2030年",
    "“十五五”",
    "、",
    "，",
    "县（市、区）",
    "职工之家建设示范点名单",
    "一" * 25,  # one "word" longer than a line
)


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.sampled_from(TITLE_PARTS), min_size=1, max_size=14))
def test_title_lines_always_fit_the_measure_and_keep_every_character(parts):
    title = "".join(parts)
    lines = pdf.title_lines(title)
    assert "".join(lines) == title
    metrics = pdf.title_metrics()
    capacity = pdf.TEXT_WIDTH_PT / pdf.TITLE_SIZE_PT
    for line in lines:
        assert sum(pdf._advance(char, metrics) for char in line) <= capacity
    for before, after in pairwise(lines):
        assert after[0] not in "，、。）》”"
        assert before[-1] not in "（《“"


# ---- the PDF read back -------------------------------------------------------------------------------


@dataclass
class Run:
    text: str
    x: float
    y: float  # from the bottom of the page, in pt
    font: str


@dataclass
class Page:
    width: float
    height: float
    runs: list[Run]

    def lines(self) -> list[tuple[float, str]]:
        """The page's text lines, top to bottom: (y, text) with the runs of one baseline joined."""
        by_y: dict[float, str] = {}
        for run in self.runs:
            key = round(run.y)
            by_y[key] = by_y.get(key, "") + run.text.replace("\n", "")
        return sorted(by_y.items(), key=lambda item: -item[0])


def _read(content: bytes) -> list[Page]:
    pages = []
    for page in PdfReader(io.BytesIO(content)).pages:
        runs: list[Run] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append(Run(text, x, y, str(font.get("/BaseFont", "")) if font else ""))

        page.extract_text(visitor_text=visit)
        pages.append(Page(float(page.mediabox.width), float(page.mediabox.height), runs))
    return pages


def _document(*, title: str, paragraphs: int) -> Document:
    """An unsaved notice (the PDF reads attributes only, so no database is needed)."""
    body = "".join(
        f"<p>各单位要结合实际认真组织开展各项活动，确保各项工作落到实处、取得实效，第{n}项按时报送。</p>"
        for n in range(paragraphs)
    )
    return Document(org=Org(name="测试市教科文卫体工会"), series="测教工", title=title, body=body,
                    main_to="各县（市、区）教育工会", cc_to="甲县教育工会、乙县教育工会", document_number="测教工〔2026〕3号")  # fmt: skip


@pytest.fixture(scope="module")
def long_document() -> list["Page"]:
    """A three-page notice: page numbers on both sides, the 版记 on the last page."""
    return _read(document_pdf(document=_document(title=SAMPLE_TITLES[7].replace("/", ""), paragraphs=24)))


def _page_number_runs(page: Page, number: int) -> list[Run]:
    return [run for run in page.runs if run.text.strip() == f"— {number} —"]


def test_body_is_set_in_a_fangsong_face_28_characters_to_a_line(long_document):
    body = [run for run in long_document[0].runs if "各单位要结合实际" in run.text]
    assert body
    assert all("Fang" in run.font for run in body), {run.font for run in body}
    # GB/T 9704: 28 characters to a line; a paragraph's first line has 26 after its two-character indent
    first_lines = [text for _, text in long_document[1].lines() if text.startswith("各单位要")]
    assert first_lines
    assert {len(text) for text in first_lines} == {26}


def test_page_numbers_are_right_on_odd_pages_and_left_on_even_pages(long_document):
    assert len(long_document) >= 3
    for index, page in enumerate(long_document, start=1):
        (number,) = _page_number_runs(page, index)
        assert number.y < 35 * 72 / 25.4 - 7 * 72 / 25.4 + 5  # under the 版心, about 7 mm below it
        if index % 2:
            assert number.x > page.width / 2
        else:
            assert number.x < page.width / 2


def test_the_imprint_sits_at_the_foot_of_the_last_page(long_document):
    last = long_document[-1]
    lines = last.lines()
    printed = [y for y, text in lines if text.endswith("印发")]
    cc = [y for y, text in lines if text.startswith("抄送：")]
    assert printed
    assert cc
    bottom_of_text_block = 35 * 72 / 25.4  # the 版心 ends 35 mm above the page's bottom edge
    assert (
        bottom_of_text_block < printed[0] < bottom_of_text_block + 20
    )  # its last line on the 版心's last line
    assert printed[0] < cc[0] < printed[0] + 35  # one 22 pt line apart, no empty line between
    # and nowhere else
    assert not any("印发" in run.text for page in long_document[:-1] for run in page.runs)


@needs_icu
@pytest.mark.parametrize("annotated", PDF_SAMPLES)
def test_title_lines_in_the_pdf_break_between_words(annotated):
    document = _document(title=annotated.replace("/", ""), paragraphs=1)
    (first,) = _read(document_pdf(document=document))
    lines = [text for _, text in first.lines()]
    start = next(i for i, text in enumerate(lines) if text.startswith(document.document_number)) + 1
    end = next(i for i, text in enumerate(lines) if text.startswith(document.main_to))
    title_lines = lines[start:end]
    assert len(title_lines) >= 2
    _assert_breaks_between_words(annotated, title_lines)
    assert title_lines == pdf.title_lines(document.title)  # WeasyPrint did not wrap a computed line again
    # a one-page notice: its 版记 at the foot of the page too, its number on the right
    printed = [y for y, text in first.lines() if text.endswith("印发")]
    assert printed
    assert printed[0] < 35 * 72 / 25.4 + 20
    assert _page_number_runs(first, 1)[0].x > first.width / 2


# ---- a deployment's own 仿宋_GB2312 --------------------------------------------------------------------------


def test_a_deployment_font_file_comes_first(settings, tmp_path):
    font = tmp_path / "仿宋_GB2312.ttf"
    font.write_bytes(b"not really a font")
    settings.PDF_FANGSONG_FONT = str(font)
    fonts = pdf.pdf_fonts()
    assert fonts.body.startswith(f'"{pdf.DEPLOYED_FANGSONG_FAMILY}", "FangSong_GB2312"')
    assert font.as_uri() in fonts.font_faces
    assert pdf.VENDORED_FANGSONG.as_uri() in fonts.font_faces  # the vendored face stays as the fallback


def test_a_missing_deployment_font_falls_back_to_the_vendored_face(settings, caplog):
    settings.PDF_FANGSONG_FONT = "/nonexistent/仿宋_GB2312.ttf"
    fonts = pdf.pdf_fonts()
    assert pdf.DEPLOYED_FANGSONG_FAMILY not in fonts.body
    assert f'"{pdf.VENDORED_FANGSONG_FAMILY}"' in fonts.body
    assert "PDF_FANGSONG_FONT" in caplog.text


def test_the_vendored_face_covers_gb2312():
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    cmap = TTFont(pdf.VENDORED_FANGSONG, lazy=True).getBestCmap()
    hanzi = [
        char
        for high in range(0xB0, 0xF8)
        for low in range(0xA1, 0xFF)
        if (char := _gb2312(high, low)) is not None
    ]
    assert len(hanzi) == 6763
    assert [char for char in hanzi if ord(char) not in cmap] == []
    assert (pdf.FONTS_DIR / "COPYING.Fandol").is_file()


def _gb2312(high: int, low: int) -> str | None:
    try:
        return bytes([high, low]).decode("gb2312")
    except UnicodeDecodeError:
        return None


# ---- .docx ---------------------------------------------------------------------------------------------


def test_docx_body_is_fangsong_and_the_title_breaks_like_the_pdf():
    title = SAMPLE_TITLES[7].replace("/", "")
    word = Docx(io.BytesIO(document_docx(document=_document(title=title, paragraphs=2))))
    page = word.sections[0]
    assert page.page_width is not None
    assert page.left_margin is not None
    assert page.right_margin is not None
    assert round(page.page_width.mm) == 210
    assert round(page.page_width.mm - page.left_margin.mm - page.right_margin.mm) == 156
    normal = word.styles["Normal"]
    assert normal.font.name == "仿宋_GB2312"
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    (heading,) = [p for p in word.paragraphs if p.text.replace("\n", "") == title]
    assert heading.text.split("\n") == pdf.title_lines(title)
    body = next(p for p in word.paragraphs if p.text.startswith("各单位要"))
    assert all(run.font.name is None for run in body.runs)  # inherits 仿宋_GB2312 from Normal
