from django.apps import AppConfig


class QuotasConfig(AppConfig):
    name = "gonghui.quotas"
    label = "quotas"
    verbose_name = "名额分配"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, Seeder, UrlInclude, menu, seeders, url_includes

        from .demo import seed_quotas
        from .permissions import VIEW, register_roles
        from .sources import register_sources

        register_roles()
        register_sources()
        url_includes.register("quotas", UrlInclude(prefix="quotas/", module="gonghui.quotas.urls", order=89))
        menu.register(
            "quotas",
            MenuItem(
                key="quotas",
                label="名额分配",
                url_name="quotas:list",
                icon="chart-pie",
                action=VIEW,
                order=92,
                section="组织与会员",
            ),
        )
        seeders.register("quotas", Seeder(key="quotas", func=seed_quotas, order=89))
