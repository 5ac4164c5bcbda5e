"""Permission-crawler routes of part analysis (see tests/test_permission_crawler.py)."""
