from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "gonghui.surveys"
    label = "surveys"
    verbose_name = "问卷调查与课题研究"

    def ready(self) -> None:
        from gonghui.core.registry import (
            MenuItem,
            PortalTile,
            Seeder,
            UrlInclude,
            menu,
            portal_tiles,
            seeders,
            url_includes,
        )

        from .demo import seed_surveys
        from .kind import register_survey_kind
        from .permissions import VIEW
        from .registrations import analysis, answering, calls, design, projects, results

        url_includes.register(
            "surveys", UrlInclude(prefix="surveys/", module="gonghui.surveys.urls", order=99)
        )
        # the member's pages, inside the service worker's scope (/portal/)
        url_includes.register(
            "surveys.portal",
            UrlInclude(prefix="portal/surveys/", module="gonghui.surveys.portal_urls", order=99),
        )
        for key, label, url_name, icon, order in (
            ("surveys.surveys", "问卷管理", "surveys:survey_list", "clipboard-list", 151),
            ("surveys.analyses", "诉求与思想状况分析", "surveys:analysis_list", "chart-pie", 152),
            ("surveys.calls", "课题申报", "surveys:call_list", "speakerphone", 153),
            ("surveys.projects", "课题管理", "surveys:project_list", "checklist", 154),
        ):
            menu.register(
                key,
                MenuItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    icon=icon,
                    action=VIEW,
                    order=order,
                    section="问卷调查与课题研究",
                ),
            )
        if "surveys" not in portal_tiles:
            portal_tiles.register(
                "surveys",
                PortalTile(
                    key="surveys",
                    label="问卷",
                    url_name="surveys_portal:home",
                    icon="clipboard-list",
                    order=47,
                    description="职工思想状况等问卷调查",
                ),
            )
        register_survey_kind()
        design.register()
        answering.register()
        results.register()
        analysis.register()
        calls.register()
        projects.register()
        # after learning (102), the responses demo (88), appeals and reviews
        if "surveys" not in seeders:
            seeders.register("surveys", Seeder(key="surveys", func=seed_surveys, order=103))
