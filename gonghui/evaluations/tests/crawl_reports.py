"""Permission-crawler routes of part reports (see tests/test_permission_crawler.py)."""
