"""Crawler declarations of part browse (its parameterised routes). 甲会员 (org A's member) has an active profile
and sees another single member's profile; he has blocked a third, so 解除屏蔽 names a profile of his own list.
Cadres have no member record: every page is refused to them."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.matchmaking.models import Block, MatchProfile
from gonghui.matchmaking.tests.factories import make_profile
from gonghui.matchmaking.tests.factories_browse import make_single


@build_world("matchmaking_browse")
def _browse_world(world):
    own = MatchProfile.objects.filter(member=world.member_a).first() or make_profile(
        member=world.member_a, nickname="山间清风"
    )
    world.extra["matchmaking_browse_other"] = make_single(world.org_a, nickname="小雨", with_user=False)
    blocked = make_single(world.org_a, nickname="小风", gender="M", with_user=False)
    Block.objects.create(from_profile=own, to_profile=blocked)
    world.extra["matchmaking_browse_blocked"] = blocked


def _other(world):
    return {"public_id": world.extra["matchmaking_browse_other"].public_id}


def _blocked(world):
    return {"public_id": world.extra["matchmaking_browse_blocked"].public_id}


for _name in ("matchmaking_portal:browse", "matchmaking_portal:interests", "matchmaking_portal:blocks"):
    declare(CrawlRoute(_name, kind="portal"))
for _name in (
    "matchmaking_portal:profile_detail",
    "matchmaking_portal:interest",
    "matchmaking_portal:block",
):
    declare(CrawlRoute(_name, kind="portal", params=_other))
declare(CrawlRoute("matchmaking_portal:block_remove", kind="portal", params=_blocked))
