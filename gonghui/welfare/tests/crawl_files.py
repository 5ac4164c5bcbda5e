"""Crawler declarations of 困难职工帮扶 — part `files` (routes of `views/files.py`). The world's files are filed:
org A's admin, 帮扶干事 of org A, reaches the page of org A's file and its 初审 / 入户调查 pages, and the 审核, 公示,
建档 and 不予建档 pages of the file of 甲校分会 (the union below org A, reviewed from org A); a step the state does not
allow shows why, without a form. Org A's plain member is refused (no console); org B's admin, 帮扶干事 of org B,
gets 404."""

from gonghui.core.crawler import CrawlRoute, declare

from .crawl_world import child_file_params, file_params

for name in (
    "welfare:detail",
    "welfare:unit_check",
    "welfare:survey",
):
    declare(CrawlRoute(name, params=file_params))
for name in ("welfare:review", "welfare:publicise", "welfare:file", "welfare:reject"):
    declare(CrawlRoute(name, params=child_file_params))
