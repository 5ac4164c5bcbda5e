"""Crawler declarations of 竞赛 — part `library` (placeholders while the pages are stubs)."""

from gonghui.core.crawler import CrawlRoute, declare

for name in (
    "contests:library_list",
    "contests:library_create",
    "contests_portal:library",
    "contests:library_detail",
    "contests:library_edit",
    "contests:library_publish",
    "contests_portal:library_item",
):
    declare(CrawlRoute(name, kind="unfillable", reason="页面尚在建设中（占位）"))
