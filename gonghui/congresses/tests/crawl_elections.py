"""Permission-crawler routes of part elections (see tests/test_permission_crawler.py)."""
