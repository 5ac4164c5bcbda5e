"""Scheduled jobs of 竞赛 (run by `manage.py run_due_jobs`, registered in `registrations/library.py`)."""

from .services.library import library_reads_flush


def library_reads_flush_job() -> str:
    """Add the reads of 竞赛成果 pages counted in the cache to the items' read counts."""
    return f"竞赛成果阅读次数 {library_reads_flush()} 次"
