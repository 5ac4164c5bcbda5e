"""Background tasks (django.tasks; db_worker runs them, tests run them immediately)."""

from django.tasks import task

from . import services


@task()
def import_validate_task(job_id: int) -> None:
    services.import_job_validate(job_id)


@task()
def import_commit_task(job_id: int) -> None:
    services.import_job_commit(job_id)


@task()
def export_run_task(job_id: int) -> None:
    services.export_job_run(job_id)
