"""Crawler declarations of part moderation (its parameterised routes). Org A's admin and org B's admin are each
婚恋交友管理员 of their own union. 甲会员 (org A's member) has an active profile and reported 小林 (a single member of
org A): the report's pages are org A's (org B's moderator: 404; the plain member: 403), the receipt is 甲会员's own,
and 举报 names 小林's profile, which 甲会员 may see. 小林's nickname is a marker: no list may show it to org B."""

from gonghui.core.crawler import CrawlRoute, build_world, declare

REPORTED_NICKNAME = "被举报的小林"


@build_world("matchmaking_moderation")
def _moderation_world(world):
    from .factories_moderation import grant_moderator, own_profile, report, single

    grant_moderator(world.org_admin, world.org_a)
    grant_moderator(world.outsider, world.org_b)
    own = own_profile(world.member_a)
    reported = single(world.org_a, nickname=REPORTED_NICKNAME, gender="M", with_user=False)
    world.extra["matchmaking_reported"] = reported
    world.extra["matchmaking_report"] = report(own, reported)
    world.extra.setdefault("markers", []).append(REPORTED_NICKNAME)


def _report(world):
    return {"public_id": world.extra["matchmaking_report"].public_id}


def _reported(world):
    return {"public_id": world.extra["matchmaking_reported"].public_id}


for _name in (
    "matchmaking:report_detail",
    "matchmaking:report_reveal",
    "matchmaking:report_photo",
    "matchmaking:report_handle",
    "matchmaking:profile_restore",
):
    declare(CrawlRoute(_name, params=_report))
declare(CrawlRoute("matchmaking_portal:report_create", kind="portal", params=_reported))
declare(CrawlRoute("matchmaking_portal:report_receipt", kind="portal", params=_report))
