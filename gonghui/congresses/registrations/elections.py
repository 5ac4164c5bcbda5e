"""Registrations of part elections (换届): the scheduled term reminders (a union 180/90/30 days before its term
ends, its upper union once it has ended) and the 换届 panel of the org page (the term, the open 换届 or the last
one, and 启动换届 for those who may)."""

from typing import Any

REMIND_JOB = "congresses.election_term_reminders"
ORG_PANEL = "congresses.org_election"


def _run_reminders() -> str:
    from ..services.elections import term_reminders_job

    return term_reminders_job()


def _org_panel(user: Any, org: Any) -> dict[str, Any] | None:
    """Shown to whoever reads 民主管理 of the union (its own cadres and those above)."""
    from gonghui.accounts.scoping import has_action

    from ..models import UnionElection
    from ..permissions import VIEW
    from ..selectors.elections import OPEN_STATUSES, can_start

    if not has_action(user, VIEW, org):
        return None
    last = UnionElection.objects.filter(org=org).order_by("-created_at", "-pk").first()
    return {
        "org": org,
        "election": last,
        "is_open": last is not None and last.status in OPEN_STATUSES,
        "can_start": can_start(user, org),
    }


def register() -> None:
    """Called once from the AppConfig's ready()."""
    from gonghui.core.registry import RecordPanel, ScheduledJob, record_panels, scheduled_jobs

    if REMIND_JOB not in scheduled_jobs:
        scheduled_jobs.register(
            REMIND_JOB,
            ScheduledJob(key=REMIND_JOB, label="工会换届任期届满提醒", func=_run_reminders, order=166),
        )
    if ORG_PANEL not in record_panels:
        record_panels.register(
            ORG_PANEL,
            RecordPanel(
                key=ORG_PANEL,
                model="orgs.org",
                title="换届",
                template="congresses/elections/org_panel.html",
                context=_org_panel,
                order=60,
            ),
        )
