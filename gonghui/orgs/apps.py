from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = "组织"

    def ready(self) -> None:
        from gonghui.core.registry import (
            ApiRouter,
            HomeCounter,
            MenuItem,
            Seeder,
            UrlInclude,
            api_routers,
            home_counters,
            menu,
            seeders,
            url_includes,
        )

        from .demo import seed_orgs
        from .selectors import org_list_for_user

        url_includes.register("orgs", UrlInclude(prefix="orgs/", module="gonghui.orgs.urls", order=20))
        api_routers.register("orgs", ApiRouter(prefix="/orgs", router="gonghui.orgs.api:router", order=20))
        menu.register(
            "orgs",
            MenuItem(
                key="orgs",
                label="组织架构",
                url_name="orgs:org_tree",
                icon="sitemap",
                action="orgs.view",
                order=20,
                section="组织与会员",
            ),
        )
        home_counters.register(
            "orgs",
            HomeCounter(
                key="orgs",
                label="工会组织",
                count=lambda user, org: org_list_for_user(user=user, within=org, status="active").count(),
                action="orgs.view",
                url_name="orgs:org_tree",
                order=10,
            ),
        )
        seeders.register("orgs", Seeder(key="orgs", func=seed_orgs, order=10))

        # 建会 (UnionFounding): the register of units and the founding flow (orgs/services/founding.py, orgs/selectors.py).
        from .demo import seed_foundings
        from .selectors import unfounded_units

        menu.register(
            "orgs_foundings",
            MenuItem(
                key="orgs_foundings",
                label="建会登记",
                url_name="orgs:founding_list",
                icon="building-community",
                action="orgs.view",
                order=25,
                section="组织与会员",
            ),
        )
        home_counters.register(
            "orgs_unfounded",
            HomeCounter(
                key="orgs_unfounded",
                label="未建会单位",
                count=lambda user, org: unfounded_units(within=org, user=user).count(),
                action="orgs.view",
                url_name="orgs:founding_list",
                order=15,
            ),
        )
        # after members (30), so the demo members' placement does not depend on the founded unions
        seeders.register("orgs_foundings", Seeder(key="orgs_foundings", func=seed_foundings, order=35))

        # 女职工特殊保护检查表 (orgs/services/protection.py): after members (30) and the committees (46)
        from .demo_protection import seed_protection

        seeders.register("orgs_protection", Seeder(key="orgs_protection", func=seed_protection, order=48))

        from gonghui.core.spreadsheets import exporters, importers

        from .spreadsheets import OrgExporter, OrgImporter

        importers.register("orgs", OrgImporter())
        exporters.register("orgs", OrgExporter())

        from gonghui.accounts.scoping import has_action
        from gonghui.attachments.policies import attachment_access

        attachment_access.register("orgs.org", lambda user, org: has_action(user, "orgs.view", org))
