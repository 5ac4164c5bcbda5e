from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "gonghui.dashboards"
    label = "dashboards"
    verbose_name = "数据看板"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, Seeder, UrlInclude, menu, seeders, url_includes

        from .spreadsheets import register as register_exports

        register_exports()
        url_includes.register(
            "dashboards", UrlInclude(prefix="dashboards/", module="gonghui.dashboards.urls", order=90)
        )
        menu.register(
            "dashboards",
            MenuItem(
                key="dashboards",
                label="数据看板",
                url_name="dashboards:dashboard_home",
                icon="chart-bar",
                action="members.view",
                order=35,
                section="组织与会员",
            ),
        )
        menu.register(
            "dashboards.overview",
            MenuItem(
                key="dashboards.overview",
                label="各级总览",
                url_name="dashboards:overview_home",
                icon="layout-grid",
                action="members.view",
                order=4,
                section="工作台",
            ),
        )
        menu.register(
            "dashboards.women",
            MenuItem(
                key="dashboards.women",
                label="女职工工作",
                url_name="dashboards:women_home",
                icon="users",
                action="members.view",
                order=131,
                section="女职工与婚恋交友",
            ),
        )
        # the 女工委 收文 of the demo, after the documents demo (60) set up the city union's 发文代字
        from .demo import seed_women_tasks

        seeders.register("dashboards.women", Seeder(key="dashboards.women", func=seed_women_tasks, order=61))
