"""Parameterised routes of part exercise for tests/test_permission_crawler.py (see gonghui/welfare/tests/crawl_*.py)."""
