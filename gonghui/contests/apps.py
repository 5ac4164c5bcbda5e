from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "gonghui.contests"
    label = "contests"
    verbose_name = "劳动和技能竞赛"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, Seeder, UrlInclude, menu, seeders, url_includes

        from .demo import seed_contests
        from .permissions import VIEW
        from .registrations import entries, library, publication, results, setup

        url_includes.register(
            "contests", UrlInclude(prefix="contests/", module="gonghui.contests.urls", order=87)
        )
        # the member's pages, inside the service worker's scope (/portal/)
        url_includes.register(
            "contests.portal",
            UrlInclude(prefix="portal/contests/", module="gonghui.contests.portal_urls", order=87),
        )
        menu.register(
            "contests",
            MenuItem(
                key="contests",
                label="劳动和技能竞赛",
                url_name="contests:list",
                icon="trophy",
                action=VIEW,
                order=90,
                section="竞赛评选",
            ),
        )
        setup.register()
        entries.register()
        results.register()
        publication.register()
        library.register()
        if "contests" not in seeders:
            seeders.register("contests", Seeder(key="contests", func=seed_contests, order=95))
