"""Crawler declarations of part profiles (its parameterised routes). 甲会员 (the member of org A) has joined and
uploaded a photo: the photo is theirs (200), cadres without a member record are refused by the portal guard."""

from gonghui.core.crawler import CrawlRoute, build_world, declare


@build_world("matchmaking_profiles")
def _profiles_world(world):
    from gonghui.matchmaking.models import MatchProfile
    from gonghui.matchmaking.tests.factories_profiles import attach_photo, joined

    # another part's builder may have made 甲会员's profile already (one per member): reuse it
    profile = MatchProfile.objects.filter(member=world.member_a).first() or joined(
        world.member_a, nickname="晨跑的鹿"
    )
    if profile.photo_id is None:
        profile = attach_photo(profile)
    world.extra["matchmaking_own_profile"] = profile


def own_photo(world):
    """The params of `matchmaking_portal:photo`: its member's own photo."""
    return {"public_id": world.extra["matchmaking_own_profile"].public_id}


for name in (
    "matchmaking_portal:home",
    "matchmaking_portal:join",
    "matchmaking_portal:profile_edit",
    "matchmaking_portal:withdraw",
):
    declare(CrawlRoute(name, kind="portal"))
declare(CrawlRoute("matchmaking_portal:photo", kind="portal", params=own_photo))
