"""Attachments: size and type limits, content sniffing, storage, downloads only after the owner's check."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.attachments.models import Attachment
from gonghui.attachments.policies import IMAGE_POLICY
from gonghui.attachments.services import attachment_save

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("批复.pdf", PDF),
        ("照片.png", PNG),
        ("通知.docx", _docx()),
        ("说明.txt", "工会通知正文".encode("gb18030")),
    ],
)
def test_accepted_files_are_stored_with_their_digest(world, name, content):
    attachment = attachment_save(
        owner=world.org_a, org=world.org_a, upload=_upload(name, content), actor=world.org_admin
    )
    assert attachment.original_name == name
    assert attachment.size == len(content)
    with attachment.file.open("rb") as handle:
        assert handle.read() == content
    assert len(attachment.sha256) == 64


@pytest.mark.parametrize(
    ("_case", "name", "content", "message"),
    [
        ("html could run in a browser", "页面.html", b"<script>alert(1)</script>", "不支持该文件类型"),
        (
            "an executable renamed",
            "通知.docx",
            b"MZ\x90\x00" + b"\x00" * 60,
            "文件内容与扩展名 .docx 不符，请检查文件",
        ),
        (
            "text claiming to be a pdf",
            "假的.pdf",
            "不是PDF".encode(),
            "文件内容与扩展名 .pdf 不符，请检查文件",
        ),
        (
            "binary claiming to be text",
            "说明.txt",
            b"\x00\x01\x02\x03",
            "文件内容与扩展名 .txt 不符，请检查文件",
        ),
        ("empty file", "空.pdf", b"", "文件是空的"),
    ],
)
def test_refused_files_name_the_field_and_store_nothing(world, _case, name, content, message):
    with pytest.raises(ValidationError) as exc:
        attachment_save(
            owner=world.org_a, org=world.org_a, upload=_upload(name, content), actor=world.org_admin
        )
    assert exc.value.message_dict["file"][0].startswith(message)
    assert Attachment.objects.count() == 0


def test_size_limit_per_policy(world):
    big = PNG + b"\x00" * (IMAGE_POLICY.max_bytes)
    with pytest.raises(ValidationError) as exc:
        attachment_save(
            owner=world.org_a,
            org=world.org_a,
            upload=_upload("大图.png", big),
            actor=world.org_admin,
            policy=IMAGE_POLICY,
        )
    assert exc.value.message_dict == {"file": ["文件超过 10 MB 的上限"]}


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("org admin downloads", "org_admin", 200),
        ("member of the org may not", "org_member", 404),
        ("outsider sees nothing", "outsider", 404),
    ],
)
def test_download_follows_the_owner_access_check(client, request, world, _case, actor, status):
    attachment = attachment_save(
        owner=world.org_a, org=world.org_a, upload=_upload("批复.pdf", PDF), actor=world.org_admin
    )
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("attachments:attachment_download", args=[attachment.public_id]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"] == "attachment; filename*=UTF-8''%E6%89%B9%E5%A4%8D.pdf"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_owner_types_without_an_access_check_are_never_served(client, world):
    # a notification has no registered access check
    from gonghui.notifications.services import notify

    [note] = notify(recipients=[world.org_admin], title="x")
    attachment = attachment_save(
        owner=note, org=world.org_a, upload=_upload("批复.pdf", PDF), actor=world.org_admin
    )
    client.force_login(world.org_admin)
    assert (
        client.get(reverse("attachments:attachment_download", args=[attachment.public_id])).status_code == 404
    )
