"""Crawler declarations of 评选表彰, one module per part (each declares the routes of its views module)."""

from . import (  # noqa: F401
    crawl_campaigns,
    crawl_homes,
    crawl_naming,
    crawl_nominations,
    crawl_records,
    crawl_studios,
    crawl_workers,
)
