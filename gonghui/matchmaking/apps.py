from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "gonghui.matchmaking"
    label = "matchmaking"
    verbose_name = "婚恋交友"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, Seeder, UrlInclude, menu, seeders, url_includes

        from .demo import seed_matchmaking
        from .permissions import MODERATE, STATS
        from .registrations import browse, moderation, profiles, stats

        url_includes.register(
            "matchmaking", UrlInclude(prefix="matchmaking/", module="gonghui.matchmaking.urls", order=96)
        )
        # the member's pages, inside the service worker's scope (/portal/)
        url_includes.register(
            "matchmaking.portal",
            UrlInclude(prefix="portal/matchmaking/", module="gonghui.matchmaking.portal_urls", order=96),
        )
        for key, label, url_name, icon, action, order in (
            ("matchmaking.stats", "婚恋交友统计", "matchmaking:stats", "users", STATS, 133),
            ("matchmaking.reports", "婚恋交友举报", "matchmaking:report_list", "shield", MODERATE, 134),
        ):
            menu.register(
                key,
                MenuItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    icon=icon,
                    action=action,
                    order=order,
                    section="女职工与婚恋交友",
                ),
            )
        profiles.register()
        browse.register()
        moderation.register()
        stats.register()
        if "matchmaking" not in seeders:
            seeders.register("matchmaking", Seeder(key="matchmaking", func=seed_matchmaking, order=100))
