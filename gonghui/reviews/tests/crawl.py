"""Crawler declarations for 评审管理 and 我的评审. Org A's admin (工会管理员: reviews.view/manage) keeps a template
(and a second one no started round uses: its 修改 page) and two rounds at org A: one still being set up (its entry
and judge pages with their 移除 buttons, the open page) and one open, scored by org A's
admin themself as its judge (an entry of 甲县教育工会, which is not their own union) with one submitted sheet (its
sheet and 退回 pages) and one entry left to score (the score sheet and 回避 pages). The judge pages belong to the
judge row's user alone (kind "personal"). A third, 自评+考评 round of org A has an entry of org A itself, whose self
sheet org A's admin keeps with one evidence file (the 自评 pages)."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.reviews.choices import RoundMode
from gonghui.reviews.selectors import entries_for_judge
from gonghui.reviews.services import (
    ScoreInput,
    round_open,
    self_sheet_evidence_add,
    self_sheet_save,
    sheet_save,
    sheet_submit,
)

from .factories import make_entry, make_judge, make_round, make_template

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@build_world("reviews")
def _reviews_world(world):
    admin = world.org_admin
    template = make_template(org=world.org_a, actor=admin)
    draft = make_round(org=world.org_a, actor=admin, template=template)
    draft_entry = make_entry(review_round=draft, entrant_org=world.org_a, actor=admin, title="甲单位参评成果")
    draft_judge = make_judge(review_round=draft, user=admin, actor=admin)
    free_template = make_template(org=world.org_a, actor=admin)
    running = make_round(org=world.org_a, actor=admin, template=template)
    scored = make_entry(review_round=running, entrant_org=world.county_x, actor=admin, title="甲县参评成果一")
    open_entry = make_entry(
        review_round=running, entrant_org=world.county_x, actor=admin, title="甲县参评成果二"
    )
    judge = make_judge(review_round=running, user=admin, actor=admin)
    round_open(review_round=running, actor=admin)
    assert set(entries_for_judge(judge)) == {scored, open_entry}
    criteria = {c.name: c.pk for c in template.criteria.all()}
    sheet = sheet_save(
        judge=judge,
        entry=scored,
        scores={
            criteria["创新性"]: ScoreInput(Decimal(30)),
            criteria["实效性"]: ScoreInput(Decimal(50), "甲评委的评语"),
            criteria["存在违纪违法"]: ScoreInput(0),
        },
        actor=admin,
    )
    sheet_submit(sheet=sheet, actor=admin)
    assessed = make_round(org=world.org_a, actor=admin, template=template, mode=RoundMode.SELF_ASSESSED)
    own_entry = make_entry(
        review_round=assessed, entrant_org=world.org_a, actor=admin, title="甲单位自评对象"
    )
    make_judge(review_round=assessed, user=admin, actor=admin)
    round_open(review_round=assessed, actor=admin)
    self_sheet = self_sheet_save(
        entry=own_entry, actor=admin, scores={criteria["创新性"]: (Decimal(33), "甲自评说明")}
    )
    evidence = self_sheet_evidence_add(
        sheet=self_sheet,
        upload=SimpleUploadedFile("甲自评佐证.pdf", PDF, content_type="application/pdf"),
        actor=admin,
    )
    world.extra.update(
        review_self_entry_a=own_entry,
        review_evidence_a=evidence,
        review_template_a=template,
        review_draft_a=draft,
        review_draft_entry_a=draft_entry,
        review_draft_judge_a=draft_judge,
        review_free_template_a=free_template,
        review_round_a=running,
        review_judge_a=judge,
        review_sheet_a=sheet,
        review_entry_a=open_entry,
    )
    world.extra.setdefault("markers", []).extend(
        ["甲县参评成果一", "甲评委的评语", "甲单位自评对象", "甲自评说明"]
    )


def _draft(w):
    return {"pk": w.extra["review_draft_a"].pk}


def _running(w):
    return {"pk": w.extra["review_round_a"].pk}


def _sheet(w):
    return {"pk": w.extra["review_sheet_a"].pk}


def _judge(w):
    return {"judge_id": w.extra["review_judge_a"].pk}


def _judge_entry(w):
    return {"judge_id": w.extra["review_judge_a"].pk, "entry_id": w.extra["review_entry_a"].pk}


for name in ("reviews:entry_add", "reviews:judge_add", "reviews:round_open", "reviews:round_rules"):
    declare(CrawlRoute(name, params=_draft))
for name in (
    "reviews:round_detail",
    "reviews:round_close",
    "reviews:round_results",
    "reviews:export_sheets",
    "reviews:export_results",
):
    declare(CrawlRoute(name, params=_running))
for name in ("reviews:sheet_detail", "reviews:sheet_reopen"):
    declare(CrawlRoute(name, params=_sheet))
declare(CrawlRoute("reviews:template_detail", params=lambda w: {"pk": w.extra["review_template_a"].pk}))
# a template no started round uses (editable); removals of the draft round's entry and judge
declare(CrawlRoute("reviews:template_edit", params=lambda w: {"pk": w.extra["review_free_template_a"].pk}))
declare(
    CrawlRoute(
        "reviews:entry_remove",
        params=lambda w: {"pk": w.extra["review_draft_a"].pk, "entry_id": w.extra["review_draft_entry_a"].pk},
    )
)
declare(
    CrawlRoute(
        "reviews:judge_remove",
        params=lambda w: {"pk": w.extra["review_draft_a"].pk, "judge_id": w.extra["review_draft_judge_a"].pk},
    )
)
# the judge's own pages: their judge row (and an entry shown to them); anyone else gets 404
declare(CrawlRoute("reviews:judge_round", kind="personal", params=_judge))
for name in ("reviews:judge_sheet", "reviews:judge_conflict"):
    declare(CrawlRoute(name, kind="personal", params=_judge_entry))
# 自评: an entry whose union org A's admin manages (org B's admin: 404)
for name in ("reviews:self_sheet", "reviews:self_evidence_add"):
    declare(CrawlRoute(name, params=lambda w: {"entry_id": w.extra["review_self_entry_a"].pk}))
declare(
    CrawlRoute(
        "reviews:self_evidence_delete",
        params=lambda w: {
            "entry_id": w.extra["review_self_entry_a"].pk,
            "public_id": w.extra["review_evidence_a"].public_id,
        },
    )
)
