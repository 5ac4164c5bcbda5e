from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "gonghui.evaluations"
    label = "evaluations"
    verbose_name = "量化评价"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, Seeder, UrlInclude, menu, seeders, url_includes

        from .demo import seed_evaluations
        from .permissions import MANAGE, VIEW
        from .registrations import assessing, reports, rounds, schemes

        url_includes.register(
            "evaluations", UrlInclude(prefix="evaluations/", module="gonghui.evaluations.urls", order=100)
        )
        for key, label, url_name, icon, action, order in (
            ("evaluations.schemes", "评价方案", "evaluations:scheme_list", "list-check", VIEW, 171),
            ("evaluations.rounds", "考核", "evaluations:round_list", "clipboard-check", VIEW, 172),
            ("evaluations.self", "本单位自评", "evaluations:self_list", "checklist", MANAGE, 173),
            ("evaluations.trends", "排名与趋势", "evaluations:trends", "chart-bar", VIEW, 174),
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
                    section="量化评价",
                ),
            )
        schemes.register()
        rounds.register()
        assessing.register()
        reports.register()
        # after every app whose records the demo round reads (congresses seed at 104)
        if "evaluations" not in seeders:
            seeders.register("evaluations", Seeder(key="evaluations", func=seed_evaluations, order=110))
