"""Permission-crawler routes of part disclosures (see tests/test_permission_crawler.py)."""
