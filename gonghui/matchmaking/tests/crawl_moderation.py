"""Crawler declarations of part moderation (its parameterised routes). Stubs for now: the real declarations
(a moderator on org A, a report about a member of org A) follow with the views."""

from gonghui.core.crawler import CrawlRoute, declare

for _name in (
    "matchmaking:report_detail",
    "matchmaking:report_reveal",
    "matchmaking:report_photo",
    "matchmaking:report_handle",
    "matchmaking:profile_restore",
    "matchmaking_portal:report_create",
    "matchmaking_portal:report_receipt",
):
    declare(CrawlRoute(_name, kind="unfillable", reason="建设中：举报处理的页面尚未写完"))
