"""Crawler declarations of 竞赛, one module per part (each declares the routes of its views module)."""

from . import crawl_entries, crawl_library, crawl_publication, crawl_results, crawl_setup  # noqa: F401
