"""Permission-crawler routes of part report (see tests/test_permission_crawler.py)."""
