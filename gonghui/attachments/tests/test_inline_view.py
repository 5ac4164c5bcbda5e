"""查看: a PDF or picture opens in the browser (its own type, inline; a PDF with the PDF policy so the viewer runs),
after the same access check as the download; any other file answers 404 there."""

import pytest
from django.urls import reverse

from gonghui.attachments.services import attachment_save

from .test_attachments import PDF, PNG, _docx, _upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("actor", "status"), [("org_admin", 200), ("org_member", 404), ("outsider", 404)])
def test_a_pdf_opens_inline_for_whoever_may_download_it(client, request, world, actor, status):
    attachment = attachment_save(
        owner=world.org_a, org=world.org_a, upload=_upload("课例.pdf", PDF), actor=world.org_admin
    )
    assert attachment.is_viewable
    client.force_login(request.getfixturevalue(actor))
    response = client.get(attachment.view_url)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert "object-src" not in response["Content-Security-Policy"]


def test_a_picture_opens_as_itself_and_a_word_file_does_not(client, world):
    from gonghui.attachments.policies import IMAGE_POLICY

    picture = attachment_save(
        owner=world.org_a,
        org=world.org_a,
        upload=_upload("照片.png", PNG),
        actor=world.org_admin,
        policy=IMAGE_POLICY,
    )
    word = attachment_save(
        owner=world.org_a, org=world.org_a, upload=_upload("教案.docx", _docx()), actor=world.org_admin
    )
    client.force_login(world.org_admin)
    assert client.get(picture.view_url)["Content-Type"] == "image/png"
    assert not word.is_viewable
    assert client.get(reverse("attachments:attachment_view", args=[word.public_id])).status_code == 404
