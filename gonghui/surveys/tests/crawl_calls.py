"""Permission-crawler routes of part calls (see tests/test_permission_crawler.py)."""
