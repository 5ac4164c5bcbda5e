"""Crawler declarations of 困难职工帮扶 — part `files` (routes of `views/files.py`). The world's file is org A's
member's, filed: org A's admin, 帮扶干事 of 甲县 (the county above org A), reaches the file page and every step
page (a step the state does not allow shows why, without a form); org A's plain member is refused (no console);
org B's admin, 帮扶干事 of 乙县, gets 404."""

from gonghui.core.crawler import CrawlRoute, declare

from .crawl_world import file_params

for name in (
    "welfare:detail",
    "welfare:unit_check",
    "welfare:survey",
    "welfare:review",
    "welfare:publicise",
    "welfare:file",
    "welfare:reject",
):
    declare(CrawlRoute(name, params=file_params))
