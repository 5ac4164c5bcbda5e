"""Permission-crawler routes of part contracts (see tests/test_permission_crawler.py)."""
