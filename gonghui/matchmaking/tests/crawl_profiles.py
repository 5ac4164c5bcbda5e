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
    """The params of `matchmaking_portal:photo` (its member's own photo) for when it can be declared `portal`."""
    return {"public_id": world.extra["matchmaking_own_profile"].public_id}


for name in (
    "matchmaking_portal:home",
    "matchmaking_portal:join",
    "matchmaking_portal:profile_edit",
    "matchmaking_portal:withdraw",
):
    declare(CrawlRoute(name, kind="portal"))
# the photo answers image bytes, which the portal check reads as HTML text (UnicodeDecodeError); until it skips
# non-HTML answers (requested) the route is listed as unfillable. Its doors are tested in test_profiles_views.py:
# its member 200, an opted-in viewer 200, a member without a profile or blocked 404, cadres 403 / 404.
declare(
    CrawlRoute(
        "matchmaking_portal:photo",
        kind="unfillable",
        reason="图片字节：门禁在 test_profiles_views.py 中逐一测试（本人、可见会员 200；无资料、被屏蔽 404；干部 403）",
    )
)
