"""Permission-crawler routes of part disclosures (see tests/test_permission_crawler.py). Org A's admin keeps a
checklist item for this year, a published disclosure answering it (with an attachment) and a draft: every
disclosure and checklist page is org A's (org B's admin: 404; org A's member: 403 on the console, the published
disclosure on the portal)."""

from django.utils import timezone

from gonghui.attachments.selectors import attachments_of
from gonghui.core.crawler import CrawlRoute, build_world, declare

from .factories_disclosures import checklist_item, disclosure, text_file


@build_world("congresses_disclosures")
def _disclosures_world(world):
    year = timezone.localdate().year
    item = checklist_item(org=world.org_a, actor=world.org_admin, year=year, title="年度财务预算（巡检）")
    published = disclosure(
        org=world.org_a,
        actor=world.org_admin,
        title="甲校年度预算公开（巡检）",
        checklist_item=item,
        uploads=(text_file(),),
    )
    draft = disclosure(
        org=world.org_a, actor=world.org_admin, publish=False, title="甲校职称评聘方案（草稿）"
    )
    world.extra["disclosures_item"] = item
    world.extra["disclosures_published"] = published
    world.extra["disclosures_draft"] = draft
    world.extra["disclosures_year"] = year


def _published(world):
    return {"public_id": world.extra["disclosures_published"].public_id}


def _draft(world):
    return {"public_id": world.extra["disclosures_draft"].public_id}


def _checklist(world):
    return {"org_id": world.org_a.pk, "year": world.extra["disclosures_year"]}


def _item(world):
    return {"pk": world.extra["disclosures_item"].pk}


for name in (
    "congresses:disclosure_detail",
    "congresses:disclosure_edit",
    "congresses:disclosure_withdraw",
    "congresses:disclosure_attach",
    "congresses:disclosure_export",
):
    declare(CrawlRoute(name, params=_published))
declare(CrawlRoute("congresses:disclosure_publish", params=_draft))
declare(
    CrawlRoute(
        "congresses:disclosure_detach",
        params=lambda w: {
            **_published(w),
            "attachment_id": attachments_of(w.extra["disclosures_published"]).get().public_id,
        },
    )
)
for name in (
    "congresses:disclosure_checklist_add",
    "congresses:disclosure_checklist_copy",
    "congresses:disclosure_checklist_default",
):
    declare(CrawlRoute(name, params=_checklist))
for name in ("congresses:disclosure_checklist_item_edit", "congresses:disclosure_checklist_item_delete"):
    declare(CrawlRoute(name, params=_item))
declare(CrawlRoute("congresses_portal:disclosure_list", kind="portal"))
declare(CrawlRoute("congresses_portal:disclosure_detail", kind="portal", params=_published))
