"""Permission-crawler routes of part congress (see tests/test_permission_crawler.py)."""
