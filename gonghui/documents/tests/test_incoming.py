"""收文: registration with its scan, 拟办 → 批办 (readers) → 传阅 → 办结, and 转发下级 as a new draft."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.attachments.selectors import attachments_of
from gonghui.core.timeline import timeline_record
from gonghui.documents.choices import DocumentStatus, IncomingStatus
from gonghui.documents.incoming import (
    incoming_close,
    incoming_forward,
    incoming_instruct,
    incoming_mark_read,
    incoming_propose,
    incoming_register,
)
from gonghui.documents.models import IncomingDocument
from gonghui.notifications.models import Notification

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _register(docs, **extra):
    return incoming_register(
        org=docs.world.county_x,
        actor=docs.county_x_officer,
        source_issuer="焦作市总工会",
        source_number="焦工〔2020〕12号",
        title="关于开展安康杯竞赛的通知",
        received_on=dt.date(2020, 4, 20),
        doc_date=dt.date(2020, 4, 15),
        **extra,
    )


def test_a_registered_document_is_routed_and_closed(docs):
    # given a registered 收文 with its scan
    incoming = _register(docs, scan=SimpleUploadedFile("安康杯.pdf", PDF, content_type="application/pdf"))
    assert [a.original_name for a in attachments_of(incoming)] == ["安康杯.pdf"]
    # when the office proposes and the leader instructs, naming a reader
    incoming_propose(incoming=incoming, actor=docs.county_x_officer, proposal="建议转发各校")
    with pytest.raises(ValidationError) as exc:
        incoming_instruct(
            incoming=incoming, actor=docs.county_x_officer, instruction="同意", readers=[docs.world.org_admin]
        )
    assert exc.value.message_dict == {"readers": ["传阅人必须是本单位的干部"]}
    incoming_instruct(
        incoming=incoming, actor=docs.county_x_officer, instruction="同意", readers=[docs.county_x_officer]
    )
    # then the reader is told, reads it, and the office closes it
    assert (
        Notification.objects.filter(
            recipient=docs.county_x_officer, title="请传阅：关于开展安康杯竞赛的通知"
        ).count()
        == 1
    )
    incoming_mark_read(incoming=incoming, actor=docs.county_x_officer, note="已阅")
    with pytest.raises(PermissionDenied):
        incoming_mark_read(incoming=incoming, actor=docs.world.org_admin)
    incoming_close(incoming=incoming, actor=docs.county_x_officer)
    incoming.refresh_from_db()
    assert (incoming.status, incoming.proposal, incoming.instruction) == (
        IncomingStatus.CLOSED,
        "建议转发各校",
        "同意",
    )


def test_only_the_union_admin_instructs_a_documents_officer_proposes(docs, world):
    # given a 收文 of 甲县 waiting for 批办 after its 公文管理员 proposed
    from conftest import make_cadre
    from gonghui.documents.permissions import OFFICER_ROLE

    documents_officer = make_cadre("cx_documents_officer", world.county_x, role=OFFICER_ROLE)
    incoming = _register(docs)
    incoming_propose(incoming=incoming, actor=documents_officer, proposal="建议转发各校")
    # when the 公文管理员 tries to instruct, then it is refused: 批办 is the leader's act (documents.sign)
    with pytest.raises(PermissionDenied):
        incoming_instruct(
            incoming=incoming, actor=documents_officer, instruction="同意", readers=[documents_officer]
        )
    incoming_instruct(
        incoming=incoming, actor=docs.county_x_officer, instruction="同意", readers=[documents_officer]
    )
    incoming.refresh_from_db()
    assert (incoming.instruction, incoming.instructed_by) == ("同意", docs.county_x_officer)


def test_registration_names_each_bad_field_and_writes_nothing(docs):
    with pytest.raises(ValidationError) as exc:
        incoming_register(
            org=docs.world.county_x,
            actor=docs.county_x_officer,
            source_issuer="",
            title="通知",
            received_on=dt.date(2020, 4, 20),
            doc_date=dt.date(2020, 5, 1),
            scan=SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream"),
        )
    assert set(exc.value.message_dict) == {"source_issuer", "doc_date", "scan"}
    assert IncomingDocument.objects.count() == 0


def test_registration_needs_the_manage_action(docs):
    with pytest.raises(PermissionDenied):
        incoming_register(
            org=docs.world.county_x,
            actor=docs.world.org_admin,
            source_issuer="x",
            title="y",
            received_on=dt.date(2020, 1, 1),
        )


def test_forwarding_down_the_tree_drafts_a_notice_with_the_scan(docs):
    incoming = _register(docs, scan=SimpleUploadedFile("安康杯.pdf", PDF, content_type="application/pdf"))
    document = incoming_forward(
        incoming=incoming,
        actor=docs.county_x_officer,
        series="甲教工",
        main_to="各基层工会",
        note="请各校组织参赛",
    )
    assert document.status == DocumentStatus.DRAFT
    assert document.title == "关于转发《关于开展安康杯竞赛的通知》的通知"
    assert (
        document.body
        == "<p>现将焦作市总工会《关于开展安康杯竞赛的通知》（焦工〔2020〕12号）转发给你们，请结合实际认真贯彻落实。</p><p>请各校组织参赛</p>"
    )
    assert [a.original_name for a in attachments_of(document)] == ["安康杯.pdf"]
    assert document.attachment_note == "安康杯"
    assert document.source_incoming == incoming


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider does not see it", "outsider", 404),
        ("plain member is refused", "org_member", 403),
        ("org A's admin below the county cannot see the county's 收文", "org_admin", 404),
    ],
)
def test_detail_access(client, request, docs, _case, actor, status):
    incoming = _register(docs)
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse("documents:incoming_detail", args=[incoming.public_id])).status_code == status


def test_pages_through_the_flow(client, docs):
    incoming = _register(docs)
    client.force_login(docs.county_x_officer)
    url = reverse("documents:incoming_detail", args=[incoming.public_id])
    assert "拟办" in client.get(url).content.decode()
    client.post(reverse("documents:incoming_propose", args=[incoming.public_id]), {"proposal": "请领导阅示"})
    client.post(
        reverse("documents:incoming_instruct", args=[incoming.public_id]),
        {"instruction": "传阅", "readers": [docs.county_x_officer.pk]},
    )
    client.post(reverse("documents:incoming_read", args=[incoming.public_id]), {"note": "阅"})
    client.post(reverse("documents:incoming_close", args=[incoming.public_id]))
    incoming.refresh_from_db()
    assert incoming.status == IncomingStatus.CLOSED
    assert incoming.readers.get().note == "阅"


def test_detail_timeline_renders_rows_with_and_without_an_actor(client, docs):
    # given the registration's row by the officer and a system row
    incoming = _register(docs)
    timeline_record(subject=incoming, actor=None, action="job", action_label="系统处理")
    client.force_login(docs.county_x_officer)
    # when
    response = client.get(reverse("documents:incoming_detail", args=[incoming.public_id]))
    # then
    assert response.status_code == 200
    assert "系统处理" in response.content.decode()
