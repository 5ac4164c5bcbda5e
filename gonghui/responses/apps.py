from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "gonghui.responses"
    label = "responses"
    verbose_name = "匿名答卷"

    def ready(self) -> None:
        from gonghui.core.registry import Seeder, UrlInclude, seeders, url_includes

        from .demo import register_demo_kind, seed_responses

        register_demo_kind()
        url_includes.register(
            "responses", UrlInclude(prefix="responses/", module="gonghui.responses.urls", order=87)
        )
        # after the members (30) whose portal accounts answer
        seeders.register("responses", Seeder(key="responses", func=seed_responses, order=88))
