"""Crawler declarations of 竞赛 — part `entries` (placeholders while the pages are stubs)."""

from gonghui.core.crawler import CrawlRoute, declare

for name in (
    "contests_portal:my_contests",
    "contests:round_entries",
    "contests:entry_add",
    "contests:entries_export",
    "contests:entry_detail",
    "contests:entry_replace",
    "contests:entry_withdraw",
    "contests_portal:my_entry",
    "contests_portal:my_entry_confirm",
):
    declare(CrawlRoute(name, kind="unfillable", reason="页面尚在建设中（占位）"))
