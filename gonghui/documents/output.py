"""What a 公文 looks like outside the screen: the GB/T 9704 PDF (WeasyPrint, `core.pdf`), a .docx export
(python-docx). The sender's board as xlsx is an exporter (`spreadsheets.py`).

Both set the body in 仿宋 and break the title between words at the same places (`core.pdf.title_lines`: the
PDF prints one line per entry, the .docx puts a line break between them)."""

import html
import io
import re
from typing import Any

from django.utils import timezone

from gonghui.core.pdf import render_pdf, title_lines

from .choices import Urgency
from .models import Document

RED = (0xC8, 0x16, 0x1D)
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
_BLOCK_END = re.compile(r"</(p|li|h3|h4|tr|blockquote)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def body_paragraphs(body_html: str) -> list[str]:
    """The sanitised body as plain paragraphs (for .docx and text checks)."""
    text = _BLOCK_END.sub("\n", body_html)
    text = html.unescape(_TAG.sub("", text))
    return [line.strip() for line in text.split("\n") if line.strip()]


def issuer_mark(document: Document) -> str:
    """发文机关标志 of a document of one organ: the issuing union's name followed by 文件 (a 联合行文's is the
    `issuers` list with 文件 beside it, `joint_mark_size`)."""
    return f"{document.org.name}文件"


# 联合行文's 发文机关标志 (GB/T 9704-2012 7.2.3): every organ's full name on a line of its own, the lead first, and
# 文件 to their right, centred on the block of names. The names and 文件 share the 版心 (156 mm, 442 pt), so a long
# name sets the whole mark smaller than the 30 pt of a single organ's.
MARK_SIZE_PT = 30.0
MARK_MEASURE_PT = 430.0


def joint_mark_size(issuers: list[str]) -> float:
    """The mark's type size: the longest name, 文件 and a one-character gap fit the 版心 (letter spacing 2 pt)."""
    longest = max((len(name) for name in issuers), default=0)
    return round(min(MARK_SIZE_PT, MARK_MEASURE_PT / (longest + 3) - 2), 1)


def attachment_lines(document: Document) -> list[str]:
    return [line for line in document.attachment_note.split("\n") if line.strip()]


def document_context(document: Document) -> dict[str, Any]:
    lines = attachment_lines(document)
    return {
        "title": document.title,
        "document": document,
        "issuer_mark": issuer_mark(document),
        "issuers": document.issuers,
        "joint": bool(document.co_issuers),
        "mark_size": joint_mark_size(document.issuers),
        "urgency": "" if document.urgency == Urgency.NORMAL else document.get_urgency_display(),
        "attachments": lines,
        "numbered_attachments": len(lines) > 1,
        "printed_on": document.issued_on or timezone.localdate(),
    }


def document_pdf(*, document: Document) -> bytes:
    """The document in the GB/T 9704 layout: red 发文机关标志, 文号, red separator, title, 主送, body, 附件说明,
    署名, 成文日期, 版记 (抄送, 印发机关 and date). A 联合行文 lists every organ in the mark (文件 beside them) and in
    the 署名 (the lead first, the others below it, as for a document without seals), with the lead's 文号 only."""
    return render_pdf(
        "documents/pdf/document.html",
        {**document_context(document), "title_lines": title_lines(document.title)},
    )


def document_docx(*, document: Document) -> bytes:
    """The same parts as the PDF in a Word file the office can edit and print."""
    from docx import Document as Docx  # python-docx is loaded only when exporting
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    word = Docx()
    page = word.sections[0]  # A4 with the GB/T 9704 margins: the 156 mm measure the title lines are made for
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.top_margin, page.bottom_margin, page.left_margin, page.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    style = word.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)

    def para(text: str, *, align: Any = None, size: float = 16, bold: bool = False, color: Any = None,
             indent: bool = False) -> None:  # fmt: skip
        paragraph = word.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        if color is not None:
            run.font.color.rgb = color

    red = RGBColor(*RED)
    context = document_context(document)
    if context["urgency"]:
        para(context["urgency"], size=16)
    if context["joint"]:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

        mark = word.add_table(rows=1, cols=2)
        mark.alignment = 1  # centred
        names, suffix = mark.rows[0].cells
        names.paragraphs[0].text = ""
        for index, name in enumerate(context["issuers"]):
            paragraph = names.paragraphs[0] if index == 0 else names.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
            run = paragraph.add_run(name)
            run.font.size, run.bold, run.font.color.rgb = Pt(context["mark_size"]), True, red
        suffix.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        run = suffix.paragraphs[0].add_run("文件")
        run.font.size, run.bold, run.font.color.rgb = Pt(context["mark_size"]), True, red
    else:
        para(context["issuer_mark"], align=WD_ALIGN_PARAGRAPH.CENTER, size=30, bold=True, color=red)
    para(document.document_number, align=WD_ALIGN_PARAGRAPH.CENTER)
    para("━" * 24, align=WD_ALIGN_PARAGRAPH.CENTER, size=12, color=red)
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, line in enumerate(title_lines(document.title)):
        run = title.add_run()
        if index:
            run.add_break()
        run.add_text(line)
        run.font.size = Pt(22)
        run.font.name = TITLE_FONT
        run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), TITLE_FONT)
    if document.main_to:
        para(f"{document.main_to}：")
    for line in body_paragraphs(document.body):
        para(line, indent=True)
    for index, line in enumerate(context["attachments"], start=1):
        prefix = "附件：" if index == 1 else "　　　"
        number = f"{index}. " if context["numbered_attachments"] else ""
        para(f"{prefix}{number}{line}", indent=True)
    for name in context["issuers"]:  # 联合行文: the lead's 署名 first, the others below it
        para(name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if document.issued_on:
        para(
            f"{document.issued_on.year}年{document.issued_on.month}月{document.issued_on.day}日",
            align=WD_ALIGN_PARAGRAPH.RIGHT,
        )
    para("—" * 24, size=12)
    if document.cc_to:
        para(f"抄送：{document.cc_to}。", size=14)
    printed = context["printed_on"]
    para(f"{document.org.name}　　　　{printed.year}年{printed.month}月{printed.day}日印发", size=14)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
