"""Registrations of part design: the job `surveys.close_due` (ends the collection of open surveys whose closing
time has passed; run by `manage.py run_due_jobs`, actor None)."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.core.registry import ScheduledJob, scheduled_jobs

    from ..services.design import CLOSE_JOB, close_due_job

    if CLOSE_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            CLOSE_JOB, ScheduledJob(key=CLOSE_JOB, label="问卷到期结束收集", func=close_due_job, order=60)
        )
