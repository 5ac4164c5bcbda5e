"""Crawler declarations for 公文. The world's admins also hold the 公文管理员 role on their unions (until
union_admin carries the documents.* actions). Org A's objects: a draft and an incoming document of org A, a
county notice delivered to org A only; shared with org B: a city notice delivered to org B."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.documents.incoming import incoming_register
from gonghui.documents.permissions import OFFICER_ROLE
from gonghui.documents.services import document_attach

from .factories import make_draft, make_issued, officer, receipt_of


@build_world("documents")
def _documents_world(world):
    RoleGrantFactory.create(user=world.org_admin, role=OFFICER_ROLE, org=world.org_a)
    RoleGrantFactory.create(user=world.outsider, role=OFFICER_ROLE, org=world.org_b)
    forget_grants(world.org_admin)
    forget_grants(world.outsider)
    county = officer("crawl_cx_officer", world.county_x)
    city = officer("crawl_city_officer", world.city)
    # org A has no child orgs: its own draft is addressed to itself by name (refused at issue only)
    world.extra["document_a"] = make_draft(
        world.county_x, county, main_to="甲县第一中学工会", title="甲县草稿"
    )
    world.extra["document_a"].org = world.org_a
    world.extra["document_a"].save(update_fields=["org"])
    world.extra["attachment_a"] = document_attach(
        document=world.extra["document_a"],
        actor=world.org_admin,
        upload=SimpleUploadedFile("方案.txt", "读书月活动方案".encode(), content_type="text/plain"),
    )
    notice_a = make_issued(world.county_x, county, main_to="甲县第一中学工会", title="甲县致一中的通知")
    world.extra["receipt_a"] = receipt_of(notice_a, world.org_a)
    world.extra["notice_a"] = notice_a
    world.extra["notice_b"] = make_issued(
        world.city, city, main_to="乙县人民医院工会", title="市致乙县医院的通知"
    )
    world.extra["incoming_a"] = incoming_register(
        org=world.org_a,
        actor=world.org_admin,
        source_issuer="甲县教育局",
        title="甲一中收文",
        received_on=world.org_a.created_at.date(),
    )


def _doc(w):
    return {"public_id": w.extra["document_a"].public_id}


for name in [
    "documents:document_edit",
    "documents:document_submit",
    "documents:document_review",
    "documents:document_return",
    "documents:document_issue",
    "documents:document_withdraw",
    "documents:document_attach",
    "documents:document_board",
    "documents:document_board_export",
    "documents:document_remind",
]:
    declare(CrawlRoute(name, params=_doc))

for name in [
    "documents:document_detail",
    "documents:document_print",
    "documents:document_pdf",
    "documents:document_docx",
]:
    declare(
        CrawlRoute(
            name,
            kind="shared",
            params=lambda w: {"public_id": w.extra["notice_a"].public_id},
            shared_params=lambda w: {"public_id": w.extra["notice_b"].public_id},
        )
    )

for name in ["documents:receipt_sign", "documents:receipt_forward"]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.extra["receipt_a"].public_id}))

for name in [
    "documents:incoming_detail",
    "documents:incoming_propose",
    "documents:incoming_instruct",
    "documents:incoming_read",
    "documents:incoming_close",
    "documents:incoming_forward",
]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.extra["incoming_a"].public_id}))


declare(
    CrawlRoute(
        "documents:document_attachment_remove",
        params=lambda w: {
            "public_id": w.extra["document_a"].public_id,
            "attachment_id": w.extra["attachment_a"].public_id,
        },
    )
)
