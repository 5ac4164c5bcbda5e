"""Permission-crawler routes of part sessions (see tests/test_permission_crawler.py)."""
