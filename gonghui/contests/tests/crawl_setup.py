"""Crawler declarations of 竞赛 — part `setup` (the organiser's pages). Org A's admin organises two contests of
org A, made through the services: one being prepared (筹备中, with a group and a round with an entry quota: its
edit, group, round and 开始 pages) and one running (its 结束 button). Org A's plain member is refused (403), org B's
admin and the outside account (granted a review round, not these contests) see neither (404); their titles are
markers no page may show them."""

import datetime as dt

from django.utils import timezone

from gonghui.core.crawler import CrawlRoute, build_world, declare

from ..choices import EntryKind
from ..services.contests import contest_create, contest_start, group_add, round_add

DRAFT_TITLE = "甲校筹备中教学技能竞赛"
RUNNING_TITLE = "甲校进行中护理技能竞赛"


@build_world("contests_setup")
def _setup_world(world):
    admin = world.org_admin
    closes_on = timezone.localdate() + dt.timedelta(days=60)
    deadline = timezone.now() + dt.timedelta(days=20)
    draft = contest_create(
        org=world.org_a,
        title=DRAFT_TITLE,
        year=2026,
        closes_on=closes_on,
        co_organisers=["测试市教育局"],
        actor=admin,
    )
    group = group_add(
        contest=draft, name="小学语文", entry_kind=EntryKind.INDIVIDUAL, team_size_max=1, actor=admin
    )
    draft_round = round_add(
        contest=draft, name="基层初赛", entry_deadline=deadline, quota_total=20, actor=admin
    )
    running = contest_create(
        org=world.org_a, title=RUNNING_TITLE, year=2026, closes_on=closes_on, actor=admin
    )
    group_add(contest=running, name="护理团体", entry_kind=EntryKind.TEAM, team_size_max=3, actor=admin)
    round_add(contest=running, name="基层初赛", entry_deadline=deadline, actor=admin)
    contest_start(contest=running, actor=admin)
    world.extra.update(
        setup_contest_draft_a=draft,
        setup_group_a=group,
        setup_round_a=draft_round,
        setup_contest_running_a=running,
    )
    world.extra.setdefault("markers", []).extend([DRAFT_TITLE, RUNNING_TITLE])


def _draft(w):
    return {"pk": w.extra["setup_contest_draft_a"].pk}


def _running(w):
    return {"pk": w.extra["setup_contest_running_a"].pk}


def _group(w):
    return {"pk": w.extra["setup_contest_draft_a"].pk, "group_id": w.extra["setup_group_a"].pk}


def _round(w):
    return {"round_id": w.extra["setup_round_a"].pk}


for name in (
    "contests:detail",
    "contests:edit",
    "contests:group_add",
    "contests:round_add",
    "contests:start",
):
    declare(CrawlRoute(name, params=_draft))
declare(CrawlRoute("contests:finish", params=_running))
declare(CrawlRoute("contests:group_remove", params=_group))
declare(CrawlRoute("contests:round_edit", params=_round))
