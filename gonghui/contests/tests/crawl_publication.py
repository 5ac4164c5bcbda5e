"""Crawler declarations of 竞赛 — part `publication` (placeholders while the pages are stubs)."""

from gonghui.core.crawler import CrawlRoute, declare

for name in (
    "contests:publication",
    "contests:notice_create",
    "contests:announcement_draft",
):
    declare(CrawlRoute(name, kind="unfillable", reason="页面尚在建设中（占位）"))
