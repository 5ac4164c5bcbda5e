from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "gonghui.congresses"
    label = "congresses"
    verbose_name = "民主管理"

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

        from .demo import seed_congresses
        from .permissions import VIEW
        from .registrations import congress, contracts, disclosures, elections, proposals, report, sessions

        url_includes.register(
            "congresses", UrlInclude(prefix="congresses/", module="gonghui.congresses.urls", order=100)
        )
        # the member's pages, inside the service worker's scope (/portal/)
        url_includes.register(
            "congresses.portal",
            UrlInclude(prefix="portal/congresses/", module="gonghui.congresses.portal_urls", order=100),
        )
        for key, label, url_name, icon, order in (
            ("congresses.congresses", "教（职）代会", "congresses:congress_list", "building-community", 161),
            ("congresses.proposals", "提案办理", "congresses:proposal_list", "file-text", 162),
            ("congresses.coverage", "二级教（职）代会", "congresses:coverage", "sitemap", 163),
            ("congresses.disclosures", "校务公开", "congresses:disclosure_list", "speakerphone", 164),
            (
                "congresses.contracts",
                "集体协商与集体合同",
                "congresses:contract_list",
                "file-certificate",
                165,
            ),
            ("congresses.elections", "工会换届", "congresses:election_list", "refresh", 166),
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
                    section="民主管理",
                ),
            )
        if "congresses" not in portal_tiles:
            portal_tiles.register(
                "congresses",
                PortalTile(
                    key="congresses",
                    label="民主管理",
                    url_name="congresses_portal:home",
                    icon="building-community",
                    order=48,
                    description="教代会提案、附议、校务公开",
                ),
            )
        congress.register()
        sessions.register()
        proposals.register()
        report.register()
        disclosures.register()
        contracts.register()
        elections.register()
        # after surveys (103), reviews, responses and checkins
        if "congresses" not in seeders:
            seeders.register("congresses", Seeder(key="congresses", func=seed_congresses, order=104))
