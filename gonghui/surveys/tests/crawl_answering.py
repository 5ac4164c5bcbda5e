"""Permission-crawler routes of part answering (see tests/test_permission_crawler.py)."""
