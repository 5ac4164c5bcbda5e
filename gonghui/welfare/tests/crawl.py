"""Crawler declarations of 困难职工帮扶, one module per part (each declares the routes of its views module); the
shared world builder is `crawl_world.py`."""

from . import (  # noqa: F401
    crawl_aid,
    crawl_classing,
    crawl_condolences,
    crawl_cycle,
    crawl_files,
    crawl_households,
    crawl_intake,
    crawl_offers,
    crawl_recuperation,
    crawl_relief,
    crawl_subsidies,
    crawl_world,
)
