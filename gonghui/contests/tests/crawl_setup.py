"""Crawler declarations of 竞赛 — part `setup` (placeholders while the pages are stubs)."""

from gonghui.core.crawler import CrawlRoute, declare

for name in (
    "contests:create",
    "contests:detail",
    "contests:edit",
    "contests:group_add",
    "contests:group_remove",
    "contests:round_add",
    "contests:round_edit",
    "contests:start",
    "contests:finish",
):
    declare(CrawlRoute(name, kind="unfillable", reason="页面尚在建设中（占位）"))
