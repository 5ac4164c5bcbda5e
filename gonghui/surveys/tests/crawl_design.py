"""Permission-crawler routes of part design (see tests/test_permission_crawler.py)."""
