from django.apps import AppConfig


class QuotasConfig(AppConfig):
    name = "gonghui.quotas"
    label = "quotas"
    verbose_name = "名额分配"

    def ready(self) -> None:
        from gonghui.core.registry import Seeder, seeders

        from .demo import seed_quotas
        from .permissions import register_roles

        register_roles()
        seeders.register("quotas", Seeder(key="quotas", func=seed_quotas, order=89))
