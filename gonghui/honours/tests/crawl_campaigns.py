"""Crawler declarations of 评选表彰 — part `campaigns` (the runner's pages). Org A's admin runs two campaigns of
org A, made through the services: one being prepared (筹备中, with a nomination quota: its page, edit, 开始推荐 and
撤销) and one running at 基层推荐 (进入下一阶段). Org A's plain member is refused (403), org B's admin sees neither
(404); their titles are markers no page may show them."""

import datetime as dt

from django.utils import timezone

from gonghui.core.crawler import CrawlRoute, build_world, declare

from ..choices import CampaignCategory, NomineeKind
from ..services.campaigns import campaign_create, campaign_start

DRAFT_TITLE = "甲校筹备中优秀教师评选"
RUNNING_TITLE = "甲校进行中最美教师评选"


@build_world("honours_campaigns")
def _campaigns_world(world):
    admin = world.org_admin
    deadline = timezone.now() + dt.timedelta(days=20)
    draft = campaign_create(
        org=world.org_a,
        title=DRAFT_TITLE,
        year=2026,
        category=CampaignCategory.OTHER,
        nominee_kind=NomineeKind.PERSON,
        nomination_deadline=deadline,
        criteria="师德高尚",
        quota_total=5,
        actor=admin,
    )
    running = campaign_create(
        org=world.org_a,
        title=RUNNING_TITLE,
        year=2026,
        category=CampaignCategory.MOST_BEAUTIFUL,
        nominee_kind=NomineeKind.PERSON,
        nomination_deadline=deadline,
        criteria="爱岗敬业",
        optional_stages=["county_review"],
        actor=admin,
    )
    campaign_start(campaign=running, actor=admin)
    world.extra.update(honours_campaign_draft_a=draft, honours_campaign_running_a=running)
    world.extra.setdefault("markers", []).extend([DRAFT_TITLE, RUNNING_TITLE])


def _draft(w):
    return {"pk": w.extra["honours_campaign_draft_a"].pk}


def _running(w):
    return {"pk": w.extra["honours_campaign_running_a"].pk}


for name in ("honours:detail", "honours:edit", "honours:start", "honours:cancel"):
    declare(CrawlRoute(name, params=_draft))
declare(CrawlRoute("honours:advance", params=_running))
