"""Crawler declarations of 竞赛 — part `publication`. Org A's admin organises a contest at org A (with 测试市教育局 as
co-organiser) whose only round is final: org A's member 甲会员 won 一等奖 in 小学语文. The 结果发布 page is a scoped
console page of the contest; 生成结果公示 and 生成公文草稿 are POST buttons on it (405 on GET)."""

from gonghui.contests.choices import RoundStatus
from gonghui.core.crawler import CrawlRoute, build_world, declare

from .factories import make_contest, make_contest_entry, make_contest_round, make_group


@build_world("contests_publication")
def _publication_world(world):
    admin = world.org_admin
    contest = make_contest(org=world.org_a, actor=admin, title="甲单位教学技能竞赛（结果发布）")
    group = make_group(contest=contest, name="小学语文")
    final = make_contest_round(
        contest=contest,
        level=1,
        name="校级决赛",
        status=RoundStatus.FINAL,
        award_rules=[{"level": "一等奖", "basis": "count", "value": "1"}],
    )
    make_contest_entry(
        contest_round=final,
        group=group,
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=admin,
        rank=1,
        award="一等奖",
    )
    world.extra.update(contest_publication_a=contest)


def _contest(world):
    return {"pk": world.extra["contest_publication_a"].pk}


declare(CrawlRoute("contests:publication", params=_contest))
declare(CrawlRoute("contests:notice_create", params=_contest))
declare(CrawlRoute("contests:announcement_draft", params=_contest))
