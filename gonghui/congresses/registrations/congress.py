"""Registrations of part congress: the job `congresses.remind` (a current congress whose last 学年 passed without a
session; a term ending within 90 days — one message per occasion to the unit union's admins; run by
`manage.py run_due_jobs`)."""

REMIND_JOB = "congresses.remind"


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.core.registry import ScheduledJob, scheduled_jobs

    from ..services.congress import remind_job

    if REMIND_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            REMIND_JOB,
            ScheduledJob(key=REMIND_JOB, label="教（职）代会会议与届满提醒", func=remind_job, order=70),
        )
