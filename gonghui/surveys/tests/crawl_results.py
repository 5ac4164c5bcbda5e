"""Permission-crawler routes of part results (see tests/test_permission_crawler.py)."""
