from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.attachments.policies import VIDEO_POLICY
from gonghui.attachments.services import attachment_save
from gonghui.core.crawler import CrawlRoute, build_world, declare

from .media_files import mp4

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@build_world("attachments")
def _attachments_world(world):
    upload = SimpleUploadedFile("建会批复.pdf", PDF, content_type="application/pdf")
    world.extra["attachment_a"] = attachment_save(
        owner=world.org_a, org=world.org_a, upload=upload, actor=world.org_admin
    )
    # its own key: documents' crawl world also writes "attachment_a" (a 公文's attachment, not always a PDF)
    world.extra["viewable_a"] = attachment_save(
        owner=world.org_a,
        org=world.org_a,
        upload=SimpleUploadedFile("建会批复扫描件.pdf", PDF, content_type="application/pdf"),
        actor=world.org_admin,
    )
    world.extra["video_a"] = attachment_save(
        owner=world.org_a,
        org=world.org_a,
        upload=SimpleUploadedFile("工间操.mp4", mp4()),
        actor=world.org_admin,
        policy=VIDEO_POLICY,
    )


declare(
    CrawlRoute(
        "attachments:attachment_download",
        kind="object",
        params=lambda w: {"public_id": w.extra["attachment_a"].public_id},
    )
)
declare(
    CrawlRoute(
        "attachments:attachment_stream",
        kind="object",
        params=lambda w: {"public_id": w.extra["video_a"].public_id},
    )
)
declare(
    CrawlRoute(
        "attachments:attachment_view",
        kind="object",
        params=lambda w: {"public_id": w.extra["viewable_a"].public_id},
    )
)
