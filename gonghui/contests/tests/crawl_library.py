"""Crawler declarations of 竞赛 — part `library` (竞赛成果 and the read-only API). Org A's admin publishes an item
with a file and finishes a contest of org A with an awarded entry of org A's member; the member's pages are portal
pages; `/api/v1/contests/open` is the member's own list, the results of org A's contest are org A's. The item form
is crawled with org A's contest and awarded entry posted by org B's admin: the answer names neither."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.contests.choices import ContestStatus, LibraryKind, RoundStatus
from gonghui.contests.services.library import library_file_add, library_item_create, library_item_publish
from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup

from .factories import make_contest, make_contest_entry, make_contest_round, make_group

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _library_objects(world):
    contest = make_contest(
        org=world.org_a, actor=world.org_admin, status=ContestStatus.FINISHED, title="甲校成果库竞赛"
    )
    group = make_group(contest=contest, name="甲校语文组")
    final = make_contest_round(contest=contest, status=RoundStatus.FINAL)
    entry = make_contest_entry(
        contest_round=final,
        group=group,
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=world.org_admin,
        rank=1,
        award="一等奖",
        title="甲校获奖课例题目",
    )
    item = library_item_create(
        actor=world.org_admin,
        org=world.org_a,
        title="甲校成果库课例",
        kind=LibraryKind.LESSON,
        authors="甲会员",
        contest=contest,
        entry=entry,
        tags="语文、课例",
    )
    item = library_item_publish(item=item, actor=world.org_admin)
    attachment = library_file_add(
        item=item, actor=world.org_admin, upload=SimpleUploadedFile("甲校教案.pdf", PDF, "application/pdf")
    )
    return contest, entry, item, attachment


@build_world("contests_library")
def _library_world(world):
    contest, entry, item, attachment = _library_objects(world)
    world.extra.update(
        library_contest_a=contest, library_entry_a=entry, library_item_a=item, library_file_a=attachment
    )
    world.extra.setdefault("markers", []).extend(["甲校成果库课例", "甲校成果库竞赛"])


@build_world("contests_library_lookup", kinds=("lookup",))
def _library_lookup_world(world):
    contest, entry, _item, _attachment = _library_objects(world)
    world.extra.update(library_lookup_contest_a=contest, library_lookup_entry_a=entry)


def _item(w):
    return {"item_id": w.extra["library_item_a"].pk}


for name in (
    "contests:library_detail",
    "contests:library_edit",
    "contests:library_publish",
    "contests:library_unpublish",
    "contests:library_file_add",
):
    declare(CrawlRoute(name, params=_item))
declare(
    CrawlRoute(
        "contests:library_file_remove",
        params=lambda w: {
            "item_id": w.extra["library_item_a"].pk,
            "attachment_id": w.extra["library_file_a"].public_id,
        },
    )
)
declare(CrawlRoute("contests_portal:library", kind="portal"))
declare(
    CrawlRoute(
        "contests_portal:library_item",
        kind="portal",
        params=lambda w: {"public_id": w.extra["library_item_a"].public_id},
    )
)
# the API: the member's own list of contests open to them; the results of org A's contest
declare(CrawlRoute("api:contests_open", kind="personal"))
declare(
    CrawlRoute("api:contests_results", params=lambda w: {"public_id": w.extra["library_contest_a"].public_id})
)


def _form(w):
    return {"org": w.org_b.pk, "title": "乙院成果", "kind": LibraryKind.LESSON}


declare_lookup(
    CrawlLookup(
        "contests:library_create",
        field="contest",
        value=lambda w: str(w.extra["library_lookup_contest_a"].pk),
        data=_form,
        world=("contests_library_lookup",),
        secrets=lambda w: ["甲校成果库竞赛", w.org_a.name],
        note="org A's contest",
    )
)
declare_lookup(
    CrawlLookup(
        "contests:library_create",
        field="entry",
        value=lambda w: str(w.extra["library_lookup_entry_a"].pk),
        data=lambda w: {**_form(w), "contest": str(w.extra["library_lookup_contest_a"].pk)},
        world=("contests_library_lookup",),
        secrets=lambda w: ["甲校获奖课例题目", "甲校语文组", w.member_a.name, w.org_a.name],
        note="org A's awarded entry",
    )
)
