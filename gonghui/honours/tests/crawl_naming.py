"""Crawler declarations of 评选表彰 — part `naming`. Org A's admin runs a campaign of org A (基层推荐 → 命名 only)
and named 甲会员: its 市级评审, 会议研究, 公示, 命名 and 奖励 pages are scoped console pages of the campaign; the
buttons (开始市级评审, 确定评审结果, 导出, 生成命名决定) are POST-only (405 on GET). Org A's plain member is refused,
org B's admin sees nothing (404)."""

import datetime as dt

from gonghui.core.crawler import CrawlRoute, build_world, declare

from ..choices import NominationStatus, Stage
from ..services.naming import campaign_name
from .factories import make_campaign, make_nomination

NAMED_TITLE = "甲校已命名优秀班主任评选"


@build_world("honours_naming")
def _naming_world(world):
    admin = world.org_admin
    campaign = make_campaign(
        org=world.org_a, actor=admin, title=NAMED_TITLE, stage=Stage.NAME, stages=[Stage.NOMINATE, Stage.NAME]
    )
    make_nomination(
        campaign=campaign,
        nominating_org=world.org_a,
        actor=admin,
        member=world.member_a,
        status=NominationStatus.SUBMITTED,
    )
    campaign_name(campaign=campaign, actor=admin, named_on=dt.date(2026, 12, 1))
    world.extra.update(honours_named_a=campaign)
    world.extra.setdefault("markers", []).append(NAMED_TITLE)


def _campaign(w):
    return {"pk": w.extra["honours_named_a"].pk}


for name in (
    "honours:city_review",
    "honours:city_review_start",
    "honours:city_review_finalise",
    "honours:city_review_export",
    "honours:meeting",
    "honours:publication",
    "honours:naming",
    "honours:naming_document",
    "honours:rewards",
):
    declare(CrawlRoute(name, params=_campaign))
