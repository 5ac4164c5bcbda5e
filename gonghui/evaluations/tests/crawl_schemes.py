"""Permission-crawler routes of part schemes (see tests/test_permission_crawler.py)."""
