"""Permission-crawler routes of part projects (see tests/test_permission_crawler.py)."""
