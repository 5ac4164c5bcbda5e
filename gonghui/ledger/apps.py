from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "gonghui.ledger"
    label = "ledger"
    verbose_name = "资金发放台账"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, Seeder, UrlInclude, menu, seeders, url_includes

        from .demo import seed_ledger
        from .permissions import VIEW

        url_includes.register("ledger", UrlInclude(prefix="ledger/", module="gonghui.ledger.urls", order=89))
        menu.register(
            "ledger",
            MenuItem(
                key="ledger",
                label="资金发放",
                url_name="ledger:entry_list",
                icon="credit-card",
                action=VIEW,
                order=94,
                section="组织与会员",
            ),
        )
        # after members (the payees) and notices; the city union's funds, a paid batch and a reversal
        seeders.register("ledger", Seeder(key="ledger", func=seed_ledger, order=89))
