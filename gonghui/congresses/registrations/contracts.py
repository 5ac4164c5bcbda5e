"""Registrations of part contracts (集体协商与集体合同): the job `congresses.contracts_due` (a filed contract takes
effect the day after its objection period ends; an effective one past its term expires; the unit's cadres are
reminded 3 days before the filing deadline (or when it passed) and 60 days before the term ends; run by
`manage.py run_due_jobs`, actor None)."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.core.registry import ScheduledJob, scheduled_jobs

    from ..services.contracts import CONTRACTS_JOB, contracts_due_job

    if CONTRACTS_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            CONTRACTS_JOB,
            ScheduledJob(
                key=CONTRACTS_JOB, label="集体合同生效、到期与备案续签提醒", func=contracts_due_job, order=165
            ),
        )
