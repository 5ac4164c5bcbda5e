"""Crawler declarations for the doors into membership (issue 14): each union's join link and QR poster (console),
and the portal's 转会 target search."""

from gonghui.core.crawler import CrawlRoute, declare

for name in ["members:join_poster", "members:join_poster_print"]:
    declare(CrawlRoute(name, params=lambda w: {"code": w.org_a.code}))
declare(CrawlRoute("members:transfer_mine_target", kind="portal"))
