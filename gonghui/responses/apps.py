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

        # ---- the member portal: 待填写 on the home (open collections the member may answer) and 我的办理
        from gonghui.core.registry import MemberRequestSource, PortalCard, member_requests, portal_cards

        from .selectors import response_requests_for_user, response_todo_items

        portal_cards.register(
            "responses.todo",
            PortalCard(key="responses.todo", kind="todo", items=response_todo_items, order=35),
        )
        member_requests.register(
            "responses",
            MemberRequestSource(
                key="responses", label="匿名答卷", requests=response_requests_for_user, order=90
            ),
        )
