"""公文 pages: the three actors on each kind of page, and the happy paths from draft to PDF."""

import io

import pytest
from django.urls import reverse
from docx import Document as Docx
from pypdf import PdfReader

from conftest import make_cadre
from gonghui.core.timeline import timeline_record
from gonghui.documents.choices import DocumentStatus
from gonghui.documents.models import Document, Receipt
from gonghui.documents.permissions import OFFICER_ROLE

from .factories import make_draft, make_issued, receipt_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice_a(docs):
    """A county notice delivered to org A only."""
    w = docs.world
    return make_issued(
        w.county_x, docs.county_x_officer, main_to="甲县第一中学工会", title="关于开展读书月活动的通知"
    )


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider does not see org A's delivery", "outsider", 404),
        ("plain member is refused by the console", "org_member", 403),
        ("org A's admin reads it", "org_admin", 200),
    ],
)
def test_detail_access(client, request, docs, notice_a, _case, actor, status):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("documents:document_detail", args=[notice_a.public_id]))
    assert response.status_code == status
    # reading is recorded only for the recipient's own admin
    assert (receipt_of(notice_a, docs.world.org_a).read_at is not None) is (status == 200)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider cannot sign org A's delivery", "outsider", 404),
        ("plain member may not sign", "org_member", 403),
        ("org A's admin signs", "org_admin", 302),
    ],
)
def test_sign_access(client, request, docs, notice_a, _case, actor, status):
    receipt = receipt_of(notice_a, docs.world.org_a)
    client.force_login(request.getfixturevalue(actor))
    response = client.post(reverse("documents:receipt_sign", args=[receipt.public_id]))
    assert response.status_code == status
    receipt.refresh_from_db()
    assert (receipt.signed_at is not None) is (status == 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider does not see the county's document", "outsider", 404),
        ("plain member is refused by the console", "org_member", 403),
        ("org A's admin, a recipient, may not withdraw it", "org_admin", 403),
        ("the county officer withdraws", "county_x_officer", 302),
    ],
)
def test_withdraw_access(client, request, docs, notice_a, _case, actor, status):
    user = getattr(docs, actor) if actor == "county_x_officer" else request.getfixturevalue(actor)
    client.force_login(user)
    response = client.post(
        reverse("documents:document_withdraw", args=[notice_a.public_id]), {"reason": "重发"}
    )
    assert response.status_code == status
    notice_a.refresh_from_db()
    assert (notice_a.status == DocumentStatus.WITHDRAWN) is (status == 302)


def test_the_board_is_the_senders(client, docs, notice_a):
    w = docs.world
    client.force_login(w.org_admin)  # a recipient
    assert client.get(reverse("documents:document_board", args=[notice_a.public_id])).status_code == 403
    client.force_login(docs.county_x_officer)
    response = client.get(reverse("documents:document_board", args=[notice_a.public_id]))
    assert response.status_code == 200
    assert "甲县第一中学工会" in response.content.decode()


def test_draft_review_issue_through_the_pages(client, docs):
    # given the city officer working in the city union
    client.force_login(docs.city_officer)
    # when they draft and send to review, their 核稿 colleague reviews and their 签发 colleague signs off
    response = client.post(
        reverse("documents:document_create"),
        {
            "series": "测教工",
            "title": "关于印发工作要点的通知",
            "main_to": "各县区工会",
            "cc_to": "",
            "urgency": "urgent",
            "disclosure": "public",
            "body": "现将工作要点印发给你们。",
            "attachment_note": "2020年工作要点",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:document_detail", args=[document.public_id])
    for name, actor in (
        ("document_submit", docs.city_officer),
        ("document_review", docs.city_reviewer),
        ("document_issue", docs.city_signer),
    ):
        client.force_login(actor)
        assert client.post(reverse(f"documents:{name}", args=[document.public_id])).status_code == 302
    # then it is issued with its number to both county unions
    document.refresh_from_db()
    assert document.status == DocumentStatus.ISSUED
    assert document.document_number.startswith("测教工〔")
    assert set(Receipt.objects.filter(document=document).values_list("org__name", flat=True)) == {
        "甲县教育工会",
        "乙县教育工会",
    }
    page = client.get(reverse("documents:document_detail", args=[document.public_id])).content.decode()
    assert document.document_number in page
    assert "测试市教科文卫体工会文件" in page
    assert "附件：2020年工作要点" in page


def test_create_shows_field_errors_and_writes_nothing(client, docs):
    client.force_login(docs.city_officer)
    response = client.post(
        reverse("documents:document_create"),
        {
            "series": "测教工",
            "title": "通知",
            "main_to": "不存在的工会",
            "urgency": "normal",
            "disclosure": "public",
        },
    )
    assert response.status_code == 200
    assert "无法识别的收文单位：不存在的工会" in response.content.decode()
    assert Document.objects.count() == 0


def test_pdf_and_docx(client, docs, notice_a):
    w = docs.world
    client.force_login(w.org_admin)
    pdf = client.get(reverse("documents:document_pdf", args=[notice_a.public_id]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    compact = "".join(text.split())
    for expected in (
        "甲县教育工会文件",
        notice_a.document_number,
        "关于开展读书月活动的通知",
        "甲县第一中学工会：",
        "印发",
    ):
        assert expected in compact
    word = client.get(reverse("documents:document_docx", args=[notice_a.public_id]))
    paragraphs = [p.text for p in Docx(io.BytesIO(word.content)).paragraphs]
    assert paragraphs[:4] == [
        "甲县教育工会文件",
        notice_a.document_number,
        "━" * 24,
        "关于开展读书月活动的通知",
    ]
    assert "请各单位认真做好暑期安全工作。" in paragraphs


def test_remind_from_the_board(client, docs, notice_a):
    client.force_login(docs.county_x_officer)
    response = client.post(reverse("documents:document_remind", args=[notice_a.public_id]))
    assert response.status_code == 302
    assert receipt_of(notice_a, docs.world.org_a).reminded_count == 1


def test_forward_page(client, docs, world):
    from gonghui.orgs.tests.factories import OrgFactory

    OrgFactory.create(parent=world.county_x, code="ORGC", name="甲县第二小学工会", unit_name="甲县第二小学")
    notice = make_issued(world.city, docs.city_officer, main_to="甲县教育工会")
    receipt = receipt_of(notice, world.county_x)
    client.force_login(docs.county_x_officer)
    url = reverse("documents:receipt_forward", args=[receipt.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"targets_text": "各基层工会", "note": "请抓好落实"})
    assert response.status_code == 302
    assert set(Receipt.objects.filter(forward__isnull=False).values_list("org__name", flat=True)) == {
        "甲县第一中学工会",
        "甲县第二小学工会",
    }
    # org A now has it in its inbox, with the county's note
    client.force_login(world.org_admin)
    inbox = client.get(reverse("documents:inbox")).content.decode()
    assert "甲县教育工会转发：请抓好落实" in inbox


def test_pages_render_for_a_drafting_officer(client, docs):
    w = docs.world
    draft = make_draft(w.city, docs.city_officer, main_to="甲县教育工会")
    client.force_login(docs.city_officer)
    for url in (
        reverse("documents:document_list"),
        reverse("documents:document_list") + "?q=暑期&status=draft",
        reverse("documents:document_create"),
        reverse("documents:document_edit", args=[draft.public_id]),
        reverse("documents:document_detail", args=[draft.public_id]),
        reverse("documents:document_return", args=[draft.public_id]),
        reverse("documents:document_print", args=[draft.public_id]),
        reverse("documents:inbox"),
        reverse("documents:incoming_list"),
        reverse("documents:incoming_create"),
    ):
        assert client.get(url).status_code == 200, url


def test_a_recipient_does_not_read_another_recipients_forwarding_note(client, docs, world):
    from gonghui.documents.services import receipt_forward
    from gonghui.orgs.tests.factories import OrgFactory

    OrgFactory.create(parent=world.county_y, code="ORGD", name="乙县第二中学工会", unit_name="乙县第二中学")
    notice = make_issued(world.city, docs.city_officer, main_to="甲县教育工会、乙县教育工会")
    y_officer = make_cadre("cy_officer", world.county_y, role=OFFICER_ROLE)
    receipt_forward(
        receipt=receipt_of(notice, world.county_y),
        actor=y_officer,
        targets_text="乙县第二中学工会",
        note="乙县内部安排",
    )
    url = reverse("documents:document_detail", args=[notice.public_id])
    client.force_login(docs.county_x_officer)
    assert "乙县内部安排" not in client.get(url).content.decode()
    client.force_login(docs.city_officer)
    assert "乙县内部安排" in client.get(url).content.decode()


def test_attachments_of_a_draft_are_uploaded_and_removed(client, docs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.attachments.selectors import attachments_of

    w = docs.world
    draft = make_draft(w.city, docs.city_officer, main_to="甲县教育工会")
    client.force_login(docs.city_officer)
    upload = SimpleUploadedFile("方案.txt", "活动方案".encode(), content_type="text/plain")
    client.post(reverse("documents:document_attach", args=[draft.public_id]), {"file": upload})
    attachment = attachments_of(draft).get()
    assert attachment.original_name == "方案.txt"
    # org A's admin (a recipient elsewhere) cannot see the draft at all
    client.force_login(w.org_admin)
    url = reverse("documents:document_attachment_remove", args=[draft.public_id, attachment.public_id])
    assert client.post(url).status_code == 404
    client.force_login(docs.city_officer)
    assert client.post(url).status_code == 302
    assert attachments_of(draft).count() == 0


def test_the_targets_preview_lists_the_reached_orgs(client, docs):
    client.force_login(docs.city_officer)
    url = reverse("documents:targets_preview")
    assert client.get(url, {"main_to": "各县区工会"}).content.decode().strip() == (
        '<div class="text-secondary small">将送达 2 个单位：甲县教育工会、乙县教育工会</div>'
    )
    assert "无法识别的收文单位：月球工会" in client.get(url, {"main_to": "月球工会"}).content.decode()


def test_htmx_requests_get_the_fragments(client, docs, city_notice):
    w = docs.world
    client.force_login(w.org_admin)
    inbox = client.get(reverse("documents:inbox"), {"q": "暑期"}, HTTP_HX_REQUEST="true").content.decode()
    assert inbox.lstrip().startswith('<div class="table-responsive">')
    assert "关于做好暑期安全工作的通知" in inbox
    client.force_login(docs.city_officer)
    listing = client.get(reverse("documents:document_list"), HTTP_HX_REQUEST="true").content.decode()
    assert listing.lstrip().startswith('<div class="table-responsive">')
    board = client.get(
        reverse("documents:document_board", args=[city_notice.public_id]), HTTP_HX_REQUEST="true"
    )
    assert board.content.decode().lstrip().startswith('<div class="card-body border-bottom">')


def test_sender_detail_timeline_renders_rows_with_and_without_an_actor(client, docs, notice_a):
    # given the issue's rows by the county officer and a system row
    timeline_record(subject=notice_a, actor=None, action="job", action_label="系统处理")
    client.force_login(docs.county_x_officer)
    # when
    response = client.get(reverse("documents:document_detail", args=[notice_a.public_id]))
    # then
    assert response.status_code == 200
    assert "系统处理" in response.content.decode()


def test_the_buttons_follow_the_workflow_tables(client, docs, notice_a):
    """修改 and 附件 are offered on a draft only, 签收 once and 转发 while issued, to the recipient's own cadres."""
    draft = make_draft(docs.world.county_x, docs.county_x_officer, main_to="甲县第一中学工会")
    client.force_login(docs.county_x_officer)
    page = client.get(reverse("documents:document_detail", args=[draft.public_id])).content.decode()
    for url_name in ("document_edit", "document_attach", "document_submit"):
        assert reverse(f"documents:{url_name}", args=[draft.public_id]) in page
    client.post(reverse("documents:document_submit", args=[draft.public_id]))
    page = client.get(reverse("documents:document_detail", args=[draft.public_id])).content.decode()
    for url_name in ("document_edit", "document_attach", "document_submit"):
        assert reverse(f"documents:{url_name}", args=[draft.public_id]) not in page
    receipt = receipt_of(notice_a, docs.world.org_a)
    sign, forward = (reverse(f"documents:receipt_{n}", args=[receipt.public_id]) for n in ("sign", "forward"))
    detail = reverse("documents:document_detail", args=[notice_a.public_id])
    client.force_login(docs.world.org_admin)
    page = client.get(detail).content.decode()
    assert (sign in page, forward in page) == (True, True)
    client.post(sign)
    page = client.get(detail).content.decode()
    assert (sign in page, forward in page) == (False, True)


def test_the_print_page_is_one_main_with_the_title_as_its_heading(client, docs):
    draft = make_draft(docs.world.city, docs.city_officer, main_to="甲县教育工会")
    client.force_login(docs.city_officer)
    printed = client.get(reverse("documents:document_print", args=[draft.public_id])).content.decode()
    assert printed.count("<main>") == 1
    assert f'<h1 class="doc-title">{draft.title}</h1>' in printed
    detail = client.get(reverse("documents:document_detail", args=[draft.public_id])).content.decode()
    assert f'<h2 class="doc-title">{draft.title}</h2>' in detail
