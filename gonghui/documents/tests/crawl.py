"""Crawler declarations for 公文 (the world's admins are 工会管理员: every 公文 action). Org A's objects: a draft and an incoming document of org A, a
county notice delivered to org A only; shared with org B: a city notice delivered to org B."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.crawler import (
    CrawlLookup,
    CrawlRoute,
    CrawlShared,
    build_world,
    declare,
    declare_lookup,
    declare_shared,
)
from gonghui.documents.incoming import incoming_propose, incoming_register
from gonghui.documents.services import document_attach, receipt_forward, receipt_sign

from .factories import make_draft, make_issued, officer, receipt_of


@build_world("documents")
def _documents_world(world):
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


# ---- shared objects: a city notice delivered to org A and org B; each signs, org A forwards to its branch --------

FORWARD_NOTE_A = "甲中转发意见：请高中部分工会认真落实"


@build_world("documents_shared", kinds=("shared_object",))
def _documents_shared_world(world):
    city = officer("crawl_city_officer_shared", world.city)
    notice = make_issued(
        world.city, city, main_to="甲县第一中学工会、乙县人民医院工会", title="市致甲中乙院的通知"
    )
    receipt_sign(receipt=receipt_of(notice, world.org_a), actor=world.org_admin)
    receipt_sign(receipt=receipt_of(notice, world.org_b), actor=world.outsider)
    receipt_forward(
        receipt=receipt_of(notice, world.org_a),
        actor=world.org_admin,
        targets_text=world.extra["branch_a"].name,
        note=FORWARD_NOTE_A,
    )
    world.extra["notice_ab"] = notice
    world.extra["notice_ab_issuer"] = city


def _recipients(w):
    """Each recipient's own data: who signed for it, its receipt, its 转发 note and the branch it forwarded to."""
    notice = w.extra["notice_ab"]
    return [
        (
            w.org_admin,
            [
                w.org_admin.name,
                str(receipt_of(notice, w.org_a).public_id),
                FORWARD_NOTE_A,
                w.extra["branch_a"].name,
            ],
        ),
        (w.outsider, [w.outsider.name, str(receipt_of(notice, w.org_b).public_id)]),
    ]


for name, owner_sees_them in [("documents:document_detail", True), ("documents:document_print", False)]:
    declare_shared(
        CrawlShared(
            name,
            params=lambda w: {"public_id": w.extra["notice_ab"].public_id},
            viewers=_recipients,
            owner=(lambda w: w.extra["notice_ab_issuer"]) if owner_sees_them else None,
            world=("orgs", "documents", "documents_shared"),
        )
    )


# ---- lookup by POST body: org B's leader names org A's cadre as a 传阅人 of org B's 收文 ----------------------------


@build_world("documents_lookups", kinds=("lookup",))
def _documents_lookup_world(world):
    incoming = incoming_register(
        org=world.org_b,
        actor=world.outsider,
        source_issuer="乙县卫健委",
        title="乙院收文",
        received_on=world.org_b.created_at.date(),
    )
    world.extra["incoming_b"] = incoming_propose(
        incoming=incoming, actor=world.outsider, proposal="请院领导批示"
    )
    reader = officer("crawl_reader_a", world.org_a)
    reader.name = "甲中传阅人"
    reader.save(update_fields=["name"])
    world.extra["reader_a"] = reader


declare_lookup(
    CrawlLookup(
        "documents:incoming_instruct",
        field="readers",
        value=lambda w: [str(w.extra["reader_a"].pk)],
        data=lambda w: {"instruction": "请传阅"},
        params=lambda w: {"public_id": w.extra["incoming_b"].public_id},
        secrets=lambda w: ["甲中传阅人"],
        world=("documents", "documents_lookups"),
    )
)
