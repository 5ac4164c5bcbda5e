"""Crawler declarations of 竞赛 — part `results` (placeholders while the pages are stubs)."""

from gonghui.core.crawler import CrawlRoute, declare

for name in (
    "contests:round_judging",
    "contests:judging_start",
    "contests:judge_add",
    "contests:round_results",
    "contests:round_finalise",
    "contests:results_export",
):
    declare(CrawlRoute(name, kind="unfillable", reason="页面尚在建设中（占位）"))
