from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "gonghui.dashboards"
    label = "dashboards"
    verbose_name = "数据看板"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, UrlInclude, menu, url_includes

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
