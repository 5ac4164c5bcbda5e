from django.apps import AppConfig

# The built-in roles carry the workplans actions (accounts/roles.py: union_admin all three, union_staff view +
# report, auditor view); this role carries all three for a cadre who works on plans only.
WORKPLAN_OFFICER = "workplan_officer"


class WorkplansConfig(AppConfig):
    name = "gonghui.workplans"
    label = "workplans"
    verbose_name = "工作要点"

    def ready(self) -> None:
        from gonghui.attachments.policies import attachment_access
        from gonghui.core.registry import (
            MenuItem,
            Role,
            Seeder,
            UrlInclude,
            menu,
            roles,
            seeders,
            url_includes,
        )

        from .demo import seed_workplans
        from .drafting import register as register_templates
        from .jobs import register as register_jobs
        from .models import MANAGE, REPORT, VIEW
        from .permissions import can_view_report
        from .spreadsheets import register as register_exports

        register_exports()
        register_templates()
        register_jobs()
        url_includes.register(
            "workplans", UrlInclude(prefix="workplans/", module="gonghui.workplans.urls", order=70)
        )
        menu.register(
            "workplans",
            MenuItem(
                key="workplans",
                label="工作要点",
                url_name="workplans:plan_list",
                icon="checklist",
                action=VIEW,
                order=70,
                section="网上办公",
            ),
        )
        roles.register(
            WORKPLAN_OFFICER,
            Role(
                code=WORKPLAN_OFFICER,
                label="工作要点专员",
                actions=frozenset({"console.access", VIEW, MANAGE, REPORT}),
                order=70,
                description="导入、分工和跟踪本级及下级的工作要点，报告进展",
            ),
        )
        seeders.register("workplans", Seeder(key="workplans", func=seed_workplans, order=70))
        attachment_access.register("workplans.progressreport", can_view_report)
