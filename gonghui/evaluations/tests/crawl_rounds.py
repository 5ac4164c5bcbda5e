"""Permission-crawler routes of part rounds (see tests/test_permission_crawler.py)."""
