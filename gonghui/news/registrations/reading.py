"""Registrations of part reading: reading: the member's news on the portal (list, columns, article, the home card), 公开 articles without login (rate-limited) with their share card, read counts per union (cache, flushed by a scheduled job), the read-only API."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
