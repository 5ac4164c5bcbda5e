"""Crawler declarations of 竞赛 — part `results` (judging and results). Org A's admin organises a running contest
at org A whose first round closed its entries yesterday and is being judged: one confirmed entry of an org A member
(its title a marker), judging started with org A's template, one judge (评委 role at org A) added, scoring not yet
opened — so the judging page shows the add-judge form and 开始评分, the results page the preview. Every route names
that round."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from conftest import make_cadre
from gonghui.accounts.roles import JUDGE
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.members.tests.factories import MemberFactory
from gonghui.reviews.services import CriterionInput, template_create

from ..services.judging import contest_judge_add, round_judging_start
from .factories import make_contest, make_contest_entry, make_contest_round, make_group

MARKER = "甲校竞赛课例《秋天的雨》"


@build_world("contests_results")
def _results_world(world):
    admin = world.org_admin
    contest = make_contest(org=world.org_a, actor=admin, title="甲校青年教师教学技能竞赛")
    group = make_group(contest=contest)
    contest_round = make_contest_round(contest=contest, entry_deadline=timezone.now() - dt.timedelta(days=1))
    member = MemberFactory.create(org=world.org_a, name="甲校参赛教师")
    make_contest_entry(
        contest_round=contest_round,
        group=group,
        entrant_org=world.org_a,
        members=[member],
        actor=admin,
        title=MARKER,
    )
    template = template_create(
        org=world.org_a,
        name="甲校教学技能评分表",
        criteria=[CriterionInput(name="课堂表现", max_points=Decimal(100))],
        actor=admin,
    )
    round_judging_start(contest_round=contest_round, template=template, blind_mode="open", actor=admin)
    contest_round.refresh_from_db()
    contest_judge_add(
        contest_round=contest_round,
        user=make_cadre("contest_pingwei_a", world.org_a, role=JUDGE),
        actor=admin,
    )
    world.extra["contest_results_round_a"] = contest_round
    world.extra.setdefault("markers", []).append(MARKER)


def _round(w):
    return {"round_id": w.extra["contest_results_round_a"].pk}


for name in (
    "contests:round_judging",
    "contests:judging_start",
    "contests:judge_add",
    "contests:round_results",
    "contests:round_finalise",
    "contests:results_export",
):
    declare(CrawlRoute(name, params=_round))
