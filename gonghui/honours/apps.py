from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "gonghui.honours"
    label = "honours"
    verbose_name = "评选表彰与劳模工匠"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, Seeder, UrlInclude, menu, seeders, url_includes

        from .demo import seed_honours
        from .permissions import VIEW
        from .registrations import campaigns, homes, naming, nominations, records, stories, studios, workers

        url_includes.register(
            "honours", UrlInclude(prefix="honours/", module="gonghui.honours.urls", order=88)
        )
        # the member's pages, inside the service worker's scope (/portal/)
        url_includes.register(
            "honours.portal",
            UrlInclude(prefix="portal/honours/", module="gonghui.honours.portal_urls", order=88),
        )
        for order, (key, label, url_name, icon) in enumerate(
            (
                ("honours", "评选表彰", "honours:list", "trophy"),
                ("honours.records", "荣誉档案", "honours:honour_list", "certificate"),
                ("honours.workers", "劳模工匠", "honours:worker_list", "user"),
                ("honours.studios", "创新工作室", "honours:studio_board", "briefcase"),
                ("honours.homes", "建家考评", "honours:home_list", "building-community"),
            )
        ):
            menu.register(
                key,
                MenuItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    icon=icon,
                    action=VIEW,
                    order=91 + order,
                    section="竞赛评选",
                ),
            )
        campaigns.register()
        nominations.register()
        naming.register()
        records.register()
        workers.register()
        studios.register()
        homes.register()
        stories.register()
        if "honours" not in seeders:
            seeders.register("honours", Seeder(key="honours", func=seed_honours, order=96))
