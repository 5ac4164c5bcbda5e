"""联合行文: a 公文 issued by the drafting union (the lead) with organs outside the union tree — the co-issuers are
checked (ordered, no duplicates, not the lead itself; errors name the field), shown on the page, and printed in
the PDF's 版头 (every organ, 文件 beside them) and 署名 (the lead first), with the lead's 文号 only."""

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document as Docx
from pypdf import PdfReader

from gonghui.documents.drafting import co_issuers_checked
from gonghui.documents.models import Document
from gonghui.documents.output import document_context, document_pdf, joint_mark_size

from .factories import make_draft, make_issued
from .test_typography import _read as read_pdf

pytestmark = pytest.mark.django_db

BUREAU = "测试市教育局"
COMMISSION = "测试市卫生健康委员会"
FORM = {
    "series": "测教工",
    "title": "关于举办全市教育系统教学技能竞赛的通知",
    "main_to": "各县区工会",
    "cc_to": "",
    "urgency": "normal",
    "disclosure": "public",
    "body": "经研究，决定联合举办全市教育系统教学技能竞赛。",
    "attachment_note": "",
}


def _lines(content: bytes) -> list[str]:
    """The PDF's text lines, spaces removed (pypdf, as the other 公文 PDF tests read it)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return ["".join(line.split()) for line in text.split("\n") if line.strip()]


# --- the rule -------------------------------------------------------------------------------------------------


def test_co_issuers_are_ordered_and_cleaned():
    assert co_issuers_checked(["  测试市 教育局 ", "", COMMISSION], lead="测试市教科文卫体工会") == [
        "测试市 教育局",
        COMMISSION,
    ]


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([BUREAU, COMMISSION, BUREAU], "联合发文机关第3个“测试市教育局”与第1个重复"),
        (["测试市教科文卫体工会"], "联合发文机关第1个“测试市教科文卫体工会”是本单位（主办机关）"),
        (["=HYPERLINK()"], "联合发文机关第1个“=HYPERLINK()”不能以 = + - @ 开头"),
        (["局" * 61], "不能超过60字"),
        ([f"机关{n}" for n in range(10)], "联合发文机关最多9个"),
    ],
)
def test_co_issuers_refused_with_the_field_named(names, message):
    with pytest.raises(ValidationError) as caught:
        co_issuers_checked(names, lead="测试市教科文卫体工会")
    assert any(message in text for text in caught.value.message_dict["co_issuers"])


# --- the form and the page ------------------------------------------------------------------------------------


def test_draft_with_co_issuers_through_the_form(client, docs):
    client.force_login(docs.city_officer)
    response = client.post(
        reverse("documents:document_create"), {**FORM, "co_issuers": f"{BUREAU}\r\n\r\n{COMMISSION}"}
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.co_issuers == [BUREAU, COMMISSION]
    assert document.issuers == ["测试市教科文卫体工会", BUREAU, COMMISSION]
    page = client.get(reverse("documents:document_detail", args=[document.public_id])).content.decode()
    assert 'id="joint-mark"' in page
    assert "联合行文，使用主办机关文号" in page
    assert page.index("测试市教科文卫体工会") < page.index(BUREAU) < page.index(COMMISSION)
    # the edit form shows the organs one a line, and an unchanged save keeps them
    edit = client.get(reverse("documents:document_edit", args=[document.public_id])).content.decode()
    assert f"{BUREAU}\n{COMMISSION}" in edit
    # the print page loads app.css only: its 版头 and 印发 line are laid out by app.css classes, not Tabler's
    printed = client.get(reverse("documents:document_print", args=[document.public_id])).content.decode()
    assert 'class="doc-issuer doc-joint-mark" id="joint-mark"' in printed
    assert 'class="doc-printed"' in printed
    assert "d-flex" not in printed


def test_duplicate_co_issuer_is_shown_on_the_field_and_nothing_is_written(client, docs):
    client.force_login(docs.city_officer)
    response = client.post(
        reverse("documents:document_create"), {**FORM, "co_issuers": f"{BUREAU}\n{BUREAU}"}
    )
    assert response.status_code == 200
    assert "联合发文机关第2个“测试市教育局”与第1个重复" in response.content.decode()
    assert Document.objects.count() == 0


def test_editing_the_co_issuers_is_on_the_timeline(client, docs):
    w = docs.world
    document = make_draft(w.city, docs.city_officer, main_to="各县区工会", co_issuers=[BUREAU])
    client.force_login(docs.city_officer)
    data = {**FORM, "title": document.title, "body": "请各单位认真做好暑期安全工作。\n加强值班值守。"}
    response = client.post(
        reverse("documents:document_edit", args=[document.public_id]), {**data, "co_issuers": COMMISSION}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.co_issuers == [COMMISSION]
    page = client.get(reverse("documents:document_detail", args=[document.public_id])).content.decode()
    assert "联合发文机关" in page  # 修改了：…联合发文机关…


def test_lists_name_every_organ(client, docs):
    w = docs.world
    make_issued(w.city, docs.city_officer, main_to="甲县教育工会", co_issuers=[BUREAU])
    client.force_login(docs.city_officer)
    page = client.get(reverse("documents:document_list")).content.decode()
    assert f"测试市教科文卫体工会、{BUREAU}" in page
    client.force_login(docs.county_x_officer)  # the recipient's inbox
    page = client.get(reverse("documents:inbox")).content.decode()
    assert f"测试市教科文卫体工会、{BUREAU}" in page


# --- the PDF and the .docx ------------------------------------------------------------------------------------


@pytest.fixture
def joint_notice(docs):
    w = docs.world
    return make_issued(
        w.city,
        docs.city_officer,
        main_to="甲县教育工会、乙县教育工会",
        title="关于举办全市教育系统教学技能竞赛的通知",
        co_issuers=[BUREAU, COMMISSION],
    )


def test_pdf_lists_the_organs_in_the_mark_and_the_signature_with_the_lead_number_only(
    client, docs, joint_notice
):
    client.force_login(docs.city_officer)
    response = client.get(reverse("documents:document_pdf", args=[joint_notice.public_id]))
    assert response["Content-Type"] == "application/pdf"
    lines = _lines(response.content)
    organs = ["测试市教科文卫体工会", BUREAU, COMMISSION]
    # 版头: each organ on a line of its own, the lead first, with 文件 beside the block (not after one name only)
    mark = [i for i, line in enumerate(lines) if line.removesuffix("文件") in organs]
    assert [lines[i].removesuffix("文件") for i in mark[:3]] == organs
    assert "测试市教科文卫体工会文件" not in lines
    assert any("文件" in line for line in lines[: mark[2] + 2])
    # one 文号: the lead's; the co-issuers have none of their own
    numbers = [line for line in lines if "〔" in line and "号" in line]
    assert numbers == [joint_notice.document_number]
    # 署名: the lead first, the others below it, then the 成文日期
    signature = [line for line in lines[mark[2] + 1 :] if line in organs]
    assert signature == organs
    date = f"{joint_notice.issued_on.year}年{joint_notice.issued_on.month}月{joint_notice.issued_on.day}日"
    last_signer = max(i for i, line in enumerate(lines) if line == COMMISSION)
    assert lines[last_signer + 1] == date
    # 版记: the 印发机关 is the lead
    assert any(line.startswith("测试市教科文卫体工会") and line.endswith("印发") for line in lines)
    # and where they stand: the names one under the other, 文件 to their right, centred on the block of names
    first = read_pdf(response.content)[0]
    names: dict[str, Any] = {}
    for run in first.runs:  # the first of each: the mark's (the 署名 repeats them lower down)
        if run.text.strip() in organs:
            names.setdefault(run.text.strip(), run)
    (suffix,) = [run for run in first.runs if run.text.strip() == "文件"]
    assert names["测试市教科文卫体工会"].y > names[BUREAU].y > names[COMMISSION].y
    assert suffix.x > max(run.x for run in names.values())
    assert names[COMMISSION].y < suffix.y < names["测试市教科文卫体工会"].y
    assert abs(suffix.y - names[BUREAU].y) < 12  # 文件 beside the middle name: centred on the three


def test_single_issuer_pdf_is_unchanged(docs):
    w = docs.world
    document = make_draft(w.city, docs.city_officer, main_to="甲县教育工会")
    lines = _lines(document_pdf(document=document))
    assert "测试市教科文卫体工会文件" in lines
    assert (
        lines.count("测试市教科文卫体工会") == 1
    )  # the 署名 (the 版记's 印发机关 shares its line with the date)


def test_mark_is_set_smaller_for_a_long_name():
    assert joint_mark_size(["测试市教科文卫体工会", BUREAU]) == 30
    assert joint_mark_size(["测试市教科文卫体工会", "测试市人力资源和社会保障局职业技能鉴定指导中心"]) < 20


def test_docx_lists_every_organ(client, docs, joint_notice):
    client.force_login(docs.city_officer)
    response = client.get(reverse("documents:document_docx", args=[joint_notice.public_id]))
    word = Docx(io.BytesIO(response.content))
    cells = [cell.text for table in word.tables for cell in table.rows[0].cells]
    assert cells == [f"测试市教科文卫体工会\n{BUREAU}\n{COMMISSION}", "文件"]
    paragraphs = [p.text for p in word.paragraphs]
    signature_start = paragraphs.index("测试市教科文卫体工会")
    assert paragraphs[signature_start : signature_start + 3] == ["测试市教科文卫体工会", BUREAU, COMMISSION]
    assert document_context(joint_notice)["joint"] is True
