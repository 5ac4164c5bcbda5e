"""Background tasks (django.tasks; db_worker runs them, tests run them immediately). Each carries the job's
attempt it was enqueued for: a run whose job has moved on (cancelled, failed, retried) does nothing. Tasks
enqueued before attempts existed carry none and match a job still on attempt 0."""

from django.tasks import task

from . import services


@task()
def import_validate_task(job_id: int, attempt: int = 0) -> None:
    services.import_job_validate(job_id, attempt)


@task()
def import_commit_task(job_id: int, attempt: int = 0) -> None:
    services.import_job_commit(job_id, attempt)


@task()
def export_run_task(job_id: int, attempt: int = 0) -> None:
    services.export_job_run(job_id, attempt)
