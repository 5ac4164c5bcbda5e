"""Permission-crawler routes of part proposals (see tests/test_permission_crawler.py)."""
