"""Crawler declarations of part stats (its parameterised routes): 婚恋交友统计 itself takes only `?org=`; the
activity page's 通过婚恋交友平台发送邀请 (`activities:invite`, the private audience's POST, whose view is this part's)
is crawled on a 线下联谊 of org A: org B's admin gets 404, the plain member 403."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.matchmaking.tests.factories_stats import make_mixer


@build_world("matchmaking_stats")
def _stats_world(world):
    world.extra["matchmaking_mixer_a"] = make_mixer(org=world.org_a, actor=world.org_admin)


declare(
    CrawlRoute(
        "activities:invite", params=lambda world: {"activity_id": world.extra["matchmaking_mixer_a"].pk}
    )
)
