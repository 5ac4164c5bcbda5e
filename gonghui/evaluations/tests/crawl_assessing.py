"""Permission-crawler routes of part assessing (see tests/test_permission_crawler.py)."""
