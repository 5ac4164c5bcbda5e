from django.apps import AppConfig

# Until accounts/roles.py grants the 报送 actions to the built-in roles (union_admin: all three, union_staff:
# view and submit, auditor: view), this app registers a role of its own that carries them.
REPORT_OFFICER = "report_officer"


class ReportsConfig(AppConfig):
    name = "gonghui.reports"
    label = "reports"
    verbose_name = "报送"

    def ready(self) -> None:
        from gonghui.accounts.actors import Visitor
        from gonghui.accounts.roles import CONSOLE
        from gonghui.attachments.policies import attachment_access
        from gonghui.core.registry import (
            HomeCounter,
            MenuItem,
            Role,
            ScheduledJob,
            Seeder,
            UrlInclude,
            home_counters,
            menu,
            roles,
            scheduled_jobs,
            seeders,
            url_includes,
        )

        from .demo import seed_reports
        from .models import ReportSubmission, ReportTask
        from .permissions import MANAGE, SUBMIT, VIEW
        from .selectors import inbox_counts, submissions_visible_to
        from .services import report_reminders_run
        from .spreadsheets import register as register_exports

        register_exports()
        url_includes.register(
            "reports", UrlInclude(prefix="reports/", module="gonghui.reports.urls", order=60)
        )
        menu.register(
            "reports.tasks",
            MenuItem(
                key="reports.tasks",
                label="报送任务",
                url_name="reports:task_list",
                icon="clipboard-list",
                action=VIEW,
                order=61,
                section="网上办公",
            ),
        )
        menu.register(
            "reports.inbox",
            MenuItem(
                key="reports.inbox",
                label="待我报送",
                url_name="reports:inbox",
                icon="inbox",
                action=SUBMIT,
                order=62,
                section="网上办公",
            ),
        )
        home_counters.register(
            "reports.pending",
            HomeCounter(
                key="reports.pending",
                label="待报送",
                count=lambda user, org: inbox_counts(user=user)["pending"],
                action=SUBMIT,
                url_name="reports:inbox",
                order=60,
            ),
        )
        roles.register(
            REPORT_OFFICER,
            Role(
                code=REPORT_OFFICER,
                label="报送专员",
                actions=frozenset({CONSOLE, VIEW, MANAGE, SUBMIT}),
                order=70,
                description="下发报送任务、填报和审核报送",
            ),
        )
        scheduled_jobs.register(
            "reports.reminders",
            ScheduledJob(
                key="reports.reminders",
                label="报送截止前提醒和逾期提醒",
                func=lambda: report_reminders_run(),
                order=60,
            ),
        )
        seeders.register("reports", Seeder(key="reports", func=seed_reports, order=65))

        def _task_access(user: Visitor, task: ReportTask) -> bool:
            return ReportTask.objects.visible_to(user, VIEW).filter(pk=task.pk).exists()

        def _submission_access(user: Visitor, submission: ReportSubmission) -> bool:
            return submissions_visible_to(user).filter(pk=submission.pk).exists()

        attachment_access.register("reports.reporttask", _task_access)
        attachment_access.register("reports.reportsubmission", _submission_access)
